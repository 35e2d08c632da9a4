// TMAITimelock: scheduled, executed and cancelled operations (a batch is one operation with several calls).
import { Bytes } from "@graphprotocol/graph-ts";
import { TimelockOperation } from "../generated/schema";
import { CallExecuted, CallScheduled, Cancelled } from "../generated/TMAITimelock/TMAITimelock";

export function handleCallScheduled(event: CallScheduled): void {
  const p = event.params;
  let op = TimelockOperation.load(p.id);
  if (op == null) {
    op = new TimelockOperation(p.id);
    op.callCount = 0;
    op.targets = [];
    op.values = [];
    op.datas = [];
  }
  op.state = "SCHEDULED";
  const targets = op.targets;
  targets.push(p.target);
  op.targets = targets;
  const values = op.values;
  values.push(p.value);
  op.values = values;
  const datas = op.datas;
  datas.push(p.data);
  op.datas = datas;
  op.callCount += 1;
  op.predecessor = p.predecessor;
  op.delay = p.delay;
  op.scheduledAtTimestamp = event.block.timestamp;
  op.transaction = event.transaction.hash;
  op.save();
}

function load(id: Bytes): TimelockOperation {
  const op = TimelockOperation.load(id);
  if (op == null) throw new Error("no CallScheduled for timelock operation " + id.toHexString());
  return op;
}

export function handleCallExecuted(event: CallExecuted): void {
  const op = load(event.params.id);
  op.state = "EXECUTED";
  op.executedAtTimestamp = event.block.timestamp;
  op.save();
}

export function handleCancelled(event: Cancelled): void {
  const op = load(event.params.id);
  op.state = "CANCELLED";
  op.save();
}
