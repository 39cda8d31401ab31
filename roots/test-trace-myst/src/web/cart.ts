// Cart cache, see ADR-0007
const label = "ADR-0001"; // a string, then a comment without a marker
// TODO: ADR-0042 once it is written
export function total(): number { return 0; }
