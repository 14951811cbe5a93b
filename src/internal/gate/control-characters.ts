/** C0 controls and DEL (built from a string: a literal control range reads as a typo to linters). */
const CONTROLS = '\\u0000-\\u001f\\u007f';

/** Matches a text that holds a control character (CR, LF, NUL, …). */
export const HAS_CONTROL_CHARACTER = new RegExp(`[${CONTROLS}]`);
/** Matches runs of control characters, for replacing them. */
export const CONTROL_CHARACTER_RUNS = new RegExp(`[${CONTROLS}]+`, 'g');
