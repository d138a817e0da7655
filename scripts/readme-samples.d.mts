export interface SampleBlock {
  readonly index: number;
  readonly length: number;
  readonly command: string;
  readonly args: string[];
  readonly output: string;
  readonly truncated: boolean;
}
export function sampleBlocks(readme: string): SampleBlock[];
export function sampleOutput(stdout: string, truncated: boolean): string;
export function block(command: string, output: string): string;
