/** `flowcost export WORKLOAD --asl`: the Step Functions definition of a step-tree workload, a skeleton to deploy. */
import { toAsl } from '../../export/asl.js';
import { FlowcostError } from '../../errors/problem.js';
import { loadWorkloadFile } from '../../io/load-workload.js';
import { optionalString, type CommandModule } from '../command.js';
import { emit } from './analyze.js';

export const exportCommand: CommandModule = {
  command: 'export <file>',
  describe: 'Print the Amazon States Language definition of a step-tree workload: a skeleton to deploy as Step Functions',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'Workload YAML file (with steps)', demandOption: true })
      .option('asl', { type: 'boolean', describe: 'Export the state machine definition as ASL JSON' })
      .option('out', { alias: 'o', type: 'string', describe: 'Write the definition to this file (atomically) instead of stdout' })
      .example('$0 export examples/order-fulfilment.yaml --asl', 'The ASL definition of the example')
      .example('$0 export workload.yaml --asl -o statemachine.asl.json', 'Write it beside a SAM template (DefinitionUri)'),
  run(args, io) {
    if (args['asl'] !== true) {
      throw new FlowcostError([
        { code: 'usage', message: 'export needs to know what to write', expected: '--asl', hint: 'run flowcost export <file> --asl' },
      ]);
    }
    const file = String(args['file']);
    const workload = loadWorkloadFile(file);
    const origin = workload.graph.origin;
    if (origin.kind === 'definition') {
      throw new FlowcostError([
        {
          code: 'usage',
          file,
          message: `workload "${workload.name}" already runs a state machine definition (${origin.source})`,
          hint: 'export turns a workload written as steps into its definition; this one has its definition already',
        },
      ]);
    }
    const text = JSON.stringify(toAsl(workload), null, 2) + '\n';
    return emit(io, text, optionalString(args, 'out'));
  },
};
