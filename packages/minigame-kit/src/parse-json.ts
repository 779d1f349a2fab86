/** A frame's text as JSON, or undefined when it is not JSON: every frame is validated after. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
