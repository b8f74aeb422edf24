/**
 * The view, small and typed, mirrored to the URL so a pasted link reproduces it.
 * Unknown or malformed parameters are dropped, never trusted.
 */
export interface ViewState {
  /** Township (9 digits) or village (12 digits) being looked at; null = the whole county. */
  area: string | null;
}

export const DEFAULT_VIEW: ViewState = { area: null };

const AREA = /^(\d{9}|\d{12})$/;

export function parseView(search: string): ViewState {
  const params = new URLSearchParams(search);
  const area = params.get('area');
  return { area: area && AREA.test(area) ? area : null };
}

/** Writes the view into `search`, keeping parameters the view does not own (such as `extract`). */
export function serializeView(view: ViewState, search: string): string {
  const params = new URLSearchParams(search);
  if (view.area) params.set('area', view.area);
  else params.delete('area');
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** `?extract=<relative URL>` names an extract on this server; the embedded demo otherwise. */
export function extractBase(search: string): string {
  return new URLSearchParams(search).get('extract') ?? 'demo/';
}
