// What every screen of the console gets from the router (main.ts), and gives back: kept here so that
// the screens do not import the router that imports them.

/** Undoes what a screen set up (timers, listeners) when the router leaves it. */
export type Cleanup = (() => void) | void;

/** The router's side of a screen: where to draw, and how to go elsewhere. */
export interface Ctx { navigate(path: string, replace?: boolean): void; main: HTMLElement }
