/**
 * The states a step tree's poll wait becomes in Step Functions: a Wait state named after the wait,
 * a Task that checks the condition and a Choice that loops back to the Wait until it holds
 * (the same trio flowcost bills, README "How each architecture is modelled"). `flowcost export
 * --asl` names them this way; calibrate also recognises the check and the Choice by their place
 * in the loop, whatever they are called.
 */
export function pollStateNames(waitName: string): { readonly wait: string; readonly check: string; readonly choice: string } {
  return { wait: waitName, check: `${waitName} (check)`, choice: `${waitName} (done?)` };
}
