// Code-unit string order: the same bytes on every machine, whatever the locale.

export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedText(values: readonly string[]): string[] {
  return [...values].sort(byText);
}
