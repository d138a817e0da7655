/**
 * Per-execution quantities of two common shapes that the simulation evaluates without a function
 * call per execution: one field of the execution record divided by a constant (task invocations,
 * transitions, task GB-seconds, durations), and a constant (one request per execution, no
 * transitions). Both are ordinary functions of the record, usable anywhere a measure is; the
 * simulation recognises them, reads fields from one copy of the record per execution, evaluates a
 * constant once per chunk, and evaluates equal ones once.
 */
import { fieldIndex, type ExecutionRecord, type RecordField } from '../engine/execution.js';

export interface RecordFieldMeasure {
  (record: ExecutionRecord): number;
  readonly field: RecordField;
  /** The field is divided by this (1: the field as it is). */
  readonly per: number;
}

export interface ConstantMeasure {
  (record?: ExecutionRecord): number;
  readonly constant: number;
}

/** `record[field] / per`. */
export function recordField(field: RecordField, per = 1): RecordFieldMeasure {
  const at = fieldIndex(field);
  return Object.assign((record: ExecutionRecord) => record.values[at]! / per, { field, per });
}

/** The same `value` for every execution. */
export function constantValue(value: number): ConstantMeasure {
  return Object.assign(() => value, { constant: value });
}

export function isRecordField(fn: (record: ExecutionRecord) => number): fn is RecordFieldMeasure {
  return typeof (fn as Partial<RecordFieldMeasure>).field === 'string' && typeof (fn as Partial<RecordFieldMeasure>).per === 'number';
}

export function isConstantValue(fn: (record: ExecutionRecord) => number): fn is ConstantMeasure {
  return typeof (fn as Partial<ConstantMeasure>).constant === 'number';
}
