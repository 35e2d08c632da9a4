// TMAIGovernor: proposals with their calls and description, votes with reasons, queue / execute / cancel.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { Proposal, ProposalCall, Vote } from "../generated/schema";
import {
  ProposalCanceled,
  ProposalCreated,
  ProposalExecuted,
  ProposalExtended,
  ProposalQueued,
  VoteCast,
  VoteCastWithParams,
} from "../generated/TMAIGovernor/TMAIGovernor";
import { eventId, getProtocol, ONE_BI, ZERO_BI } from "./helpers";

function loadProposal(id: BigInt): Proposal {
  const proposal = Proposal.load(id.toString());
  if (proposal == null) throw new Error("no ProposalCreated for proposal " + id.toString());
  return proposal;
}

export function handleProposalCreated(event: ProposalCreated): void {
  const p = event.params;
  const proposal = new Proposal(p.proposalId.toString());
  proposal.proposalId = p.proposalId;
  proposal.proposer = p.proposer;
  proposal.description = p.description;
  proposal.voteStart = p.voteStart;
  proposal.voteEnd = p.voteEnd;
  proposal.state = "PENDING";
  proposal.forVotes = ZERO_BI;
  proposal.againstVotes = ZERO_BI;
  proposal.abstainVotes = ZERO_BI;
  proposal.voteCount = 0;
  proposal.createdAtBlock = event.block.number;
  proposal.createdAtTimestamp = event.block.timestamp;
  proposal.transaction = event.transaction.hash;
  proposal.save();
  for (let i = 0; i < p.targets.length; i++) {
    const call = new ProposalCall(proposal.id + "-" + i.toString());
    call.proposal = proposal.id;
    call.position = i;
    call.target = p.targets[i];
    call.value = p.values[i];
    call.signature = p.signatures[i];
    call.calldata = p.calldatas[i];
    call.save();
  }
  const protocol = getProtocol();
  protocol.proposalCount = protocol.proposalCount.plus(ONE_BI);
  protocol.save();
}

function vote(
  event: ethereum.Event,
  voter: Bytes,
  proposalId: BigInt,
  support: i32,
  weight: BigInt,
  reason: string,
  params: Bytes | null,
): void {
  const proposal = loadProposal(proposalId);
  if (support == 0) proposal.againstVotes = proposal.againstVotes.plus(weight);
  else if (support == 1) proposal.forVotes = proposal.forVotes.plus(weight);
  else proposal.abstainVotes = proposal.abstainVotes.plus(weight);
  proposal.voteCount += 1;
  proposal.save();
  const v = new Vote(eventId(event));
  v.proposal = proposal.id;
  v.voter = voter;
  v.support = support;
  v.weight = weight;
  v.reason = reason;
  v.params = params;
  v.blockNumber = event.block.number;
  v.timestamp = event.block.timestamp;
  v.transaction = event.transaction.hash;
  v.save();
  const protocol = getProtocol();
  protocol.voteCount = protocol.voteCount.plus(ONE_BI);
  protocol.save();
}

export function handleVoteCast(event: VoteCast): void {
  const p = event.params;
  vote(event, p.voter, p.proposalId, p.support, p.weight, p.reason, null);
}

export function handleVoteCastWithParams(event: VoteCastWithParams): void {
  const p = event.params;
  vote(event, p.voter, p.proposalId, p.support, p.weight, p.reason, p.params);
}

export function handleProposalQueued(event: ProposalQueued): void {
  const proposal = loadProposal(event.params.proposalId);
  proposal.state = "QUEUED";
  proposal.eta = event.params.etaSeconds;
  proposal.queuedAtTimestamp = event.block.timestamp;
  proposal.save();
}

export function handleProposalExecuted(event: ProposalExecuted): void {
  const proposal = loadProposal(event.params.proposalId);
  proposal.state = "EXECUTED";
  proposal.executedAtTimestamp = event.block.timestamp;
  proposal.save();
}

export function handleProposalCanceled(event: ProposalCanceled): void {
  const proposal = loadProposal(event.params.proposalId);
  proposal.state = "CANCELED";
  proposal.canceledAtTimestamp = event.block.timestamp;
  proposal.save();
}

/** Late-quorum protection moved the deadline. */
export function handleProposalExtended(event: ProposalExtended): void {
  const proposal = loadProposal(event.params.proposalId);
  proposal.voteEnd = event.params.extendedDeadline;
  proposal.extendedAtTimestamp = event.block.timestamp;
  proposal.save();
}
