/**
 * CloudFormation's short-form intrinsic functions (`!Ref`, `!Sub`, `!GetAtt`, …) as custom tags of
 * the `yaml` package, so templates parse. Each becomes its long form (`{ "Fn::Sub": … }`), as
 * CloudFormation reads it (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 * Collections are wrapped in a mapping node, so positions inside them survive.
 */
import { Pair, Scalar, YAMLMap, type CollectionTag, type ScalarTag, type Tags } from 'yaml';

/** Short tag → long form key. `!Ref` and `!Condition` keep their names; the rest take "Fn::". */
export const CFN_SHORT_TAGS = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  If: 'Fn::If',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
} as const satisfies Record<string, string>;

function wrap(key: string, value: unknown): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), value));
  return map;
}

function tagsFor(short: string, key: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${short}`;
  const scalar: ScalarTag = {
    tag,
    resolve: (value: string) =>
      // !GetAtt Resource.Attribute is the short form of [Resource, Attribute].
      new Scalar(key === 'Fn::GetAtt' ? { [key]: splitGetAtt(value) } : { [key]: value }),
  };
  const seq: CollectionTag = { tag, collection: 'seq', resolve: (value) => wrap(key, value) };
  const map: CollectionTag = { tag, collection: 'map', resolve: (value) => wrap(key, value) };
  return [scalar, seq, map];
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

export const CFN_TAGS: Tags = Object.entries(CFN_SHORT_TAGS).flatMap(([short, key]) => tagsFor(short, key));
