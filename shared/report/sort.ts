// The report's one order (DESIGN.md §5: target, principal, resource, field), with kind and id as
// tie-breakers so the same input always gives byte-identical output.
interface Sortable {
  id: string;
  target: string;
  principal: string | null;
  resource: string | null;
  field: string;
  kind?: string;
}

// Plain code-unit comparison, not localeCompare: output must not depend on the host's locale.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Sortable, b: Sortable): number {
  return (
    cmp(a.target, b.target) ||
    cmp(a.principal ?? "", b.principal ?? "") ||
    cmp(a.resource ?? "", b.resource ?? "") ||
    cmp(a.field, b.field) ||
    cmp(a.kind ?? "", b.kind ?? "") ||
    cmp(a.id, b.id)
  );
}
