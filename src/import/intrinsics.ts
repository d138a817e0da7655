/**
 * CloudFormation intrinsic functions, resolved only as far as a state machine definition needs:
 * into readable text. A definition's substitutions and intrinsics only name resources (function
 * ARNs, table names), and flowcost needs just two facts from them: the text of the definition, and
 * whether a Task's resource is a Lambda function. So `!GetAtt MyFunction.Arn` becomes a Lambda ARN
 * naming MyFunction, `!Ref MyTable` becomes "MyTable", and a pseudo parameter stays `${AWS::Region}`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */

type Raw = Record<string, unknown>;

/** Resource types whose ARN flowcost spells out, so the importer can tell what a Task calls. */
const LAMBDA_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function', 'AWS::Lambda::Alias', 'AWS::Lambda::Version']);
const ACTIVITY_TYPES = new Set(['AWS::StepFunctions::Activity']);
const STATE_MACHINE_TYPES = new Set(['AWS::Serverless::StateMachine', 'AWS::StepFunctions::StateMachine']);

export interface TemplateContext {
  readonly resources: Readonly<Record<string, unknown>>;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export function templateContext(template: unknown): TemplateContext {
  const raw = isObject(template) ? template : {};
  return {
    resources: isObject(raw['Resources']) ? raw['Resources'] : {},
    parameters: isObject(raw['Parameters']) ? raw['Parameters'] : {},
  };
}

export function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resourceType(context: TemplateContext, id: string): string | undefined {
  const resource = context.resources[id];
  return isObject(resource) && typeof resource['Type'] === 'string' ? resource['Type'] : undefined;
}

/** What `!Ref id` or `!GetAtt id.attribute` reads as. */
function reference(context: TemplateContext, id: string, attribute: string | undefined): string {
  const type = resourceType(context, id);
  if (type !== undefined && (attribute === undefined || attribute === 'Arn')) {
    if (LAMBDA_TYPES.has(type) && (attribute === 'Arn' || type !== 'AWS::Serverless::Function')) {
      return `arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${id}`;
    }
    if (LAMBDA_TYPES.has(type)) return id; // Ref of a function is its name
    if (ACTIVITY_TYPES.has(type)) return `arn:aws:states:\${AWS::Region}:\${AWS::AccountId}:activity:${id}`;
    if (STATE_MACHINE_TYPES.has(type)) return `arn:aws:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${id}`;
  }
  if (type === undefined && attribute === undefined) {
    if (id.startsWith('AWS::')) return `\${${id}}`;
    const parameter = context.parameters[id];
    if (isObject(parameter) && (typeof parameter['Default'] === 'string' || typeof parameter['Default'] === 'number')) {
      return String(parameter['Default']);
    }
  }
  return attribute === undefined ? id : `${id}.${attribute}`;
}

/** The readable text of a value that may hold intrinsic functions. */
export function resolveText(value: unknown, context: TemplateContext, locals: Readonly<Record<string, unknown>> = {}): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => resolveText(v, context, locals)).join(',');
  if (!isObject(value)) return '';
  const keys = Object.keys(value);
  if (keys.length !== 1) return JSON.stringify(value);
  const key = keys[0]!;
  const argument = value[key];
  const args = Array.isArray(argument) ? argument : [argument];
  switch (key) {
    case 'Ref':
      return reference(context, String(argument), undefined);
    case 'Fn::GetAtt': {
      const [id, attribute] = typeof argument === 'string' ? [argument.split('.')[0]!, argument.split('.').slice(1).join('.')] : args.map(String);
      return reference(context, id ?? '', attribute || undefined);
    }
    case 'Fn::Sub': {
      const template = typeof argument === 'string' ? argument : String(args[0] ?? '');
      const variables = !Array.isArray(argument) || !isObject(args[1]) ? {} : args[1];
      return substituteText(template, (name) => {
        if (name in variables) return resolveText(variables[name], context, locals);
        if (name in locals) return resolveText(locals[name], context, locals);
        const dot = name.indexOf('.');
        return dot < 0 ? reference(context, name, undefined) : reference(context, name.slice(0, dot), name.slice(dot + 1));
      });
    }
    case 'Fn::Join': {
      const [delimiter, list] = args;
      return Array.isArray(list) ? list.map((v) => resolveText(v, context, locals)).join(String(delimiter ?? '')) : resolveText(list, context, locals);
    }
    case 'Fn::Select': {
      const [index, list] = args;
      return Array.isArray(list) ? resolveText(list[Number(index)], context, locals) : `Select(${String(index)})`;
    }
    case 'Fn::If':
      // Either branch names a resource; the first one reads as well as the other.
      return resolveText(args[1], context, locals);
    case 'Fn::ImportValue':
      return `ImportValue(${resolveText(argument, context, locals)})`;
    case 'Fn::FindInMap':
      return `FindInMap(${args.map((v) => resolveText(v, context, locals)).join('.')})`;
    case 'Fn::Base64':
      return resolveText(argument, context, locals);
    default:
      return key.startsWith('Fn::') || key === 'Condition' ? `${key}(…)` : JSON.stringify(value);
  }
}

/**
 * Replaces `${Name}` placeholders in `text` (Fn::Sub and DefinitionSubstitutions syntax);
 * `${!Literal}` stands for the literal `${Literal}`. Names `lookup` returns undefined for stay as they are.
 */
export function substituteText(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) => {
    if (bang === '!') return `\${${name}}`;
    return lookup(name.trim()) ?? whole;
  });
}

const INTRINSIC_KEYS = new Set(['Ref', 'Condition']);

/** An inline Definition with every intrinsic function replaced by its readable text. */
export function resolveIntrinsics(value: unknown, context: TemplateContext): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, context));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0]!.startsWith('Fn::') || INTRINSIC_KEYS.has(keys[0]!))) return resolveText(value, context);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, context)]));
}
