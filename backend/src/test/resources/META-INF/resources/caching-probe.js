// a static file whose name never changes (like sw.js)
