// a hashed asset (like Vite's output)
