/**
 * Streams.Append (client streaming): one options message naming the stream and the
 * expected revision, then the proposed events; the answer is success with the stream's
 * revision and the last event's position, or wrong-expected-version with the current one.
 */
import { randomUUID } from 'node:crypto';
import { status, type sendUnaryData, type ServerReadableStream } from '@grpc/grpc-js';
import type { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb.js';
import { sharedPb, streamName, streamsPb } from './grpc-messages.js';
import type { AppendOutcome, ExpectedState, InMemoryLog, ProposedEvent } from './in-memory-log.js';

type AppendCall = ServerReadableStream<AppendReq, AppendResp>;

export function appendHandler(
  log: InMemoryLog,
): (call: AppendCall, callback: sendUnaryData<AppendResp>) => void {
  return (call, callback) => {
    let options: AppendReq.Options | undefined;
    const proposed: ProposedEvent[] = [];
    call.on('data', (request: AppendReq) => {
      const message = request.getProposedMessage();
      if (request.hasOptions()) options = request.getOptions();
      else if (message !== undefined) proposed.push(toProposed(message));
    });
    call.on('end', () => {
      if (options === undefined) {
        callback({ code: status.INVALID_ARGUMENT, details: 'append options missing' });
        return;
      }
      const expected = expectedState(options);
      const outcome = log.append(streamName(options.getStreamIdentifier()), expected, proposed);
      callback(null, appendResponse(outcome, expected));
    });
  };
}

function toProposed(message: AppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId()?.getString() ?? randomUUID(),
    type: metadata.get('type') ?? '<no-event-type-provided>',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function expectedState(options: AppendReq.Options): ExpectedState {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function appendResponse(outcome: AppendOutcome, expected: ExpectedState): AppendResp {
  const empty = () => new sharedPb.Empty();
  if (!outcome.ok) {
    const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
    if (outcome.currentRevision === -1n) wrong.setCurrentNoStream(empty());
    else wrong.setCurrentRevision(outcome.currentRevision.toString());
    if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(empty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(empty());
    else wrong.setExpectedAny(empty());
    return new streamsPb.AppendResp().setWrongExpectedVersion(wrong);
  }
  const success = new streamsPb.AppendResp.Success();
  if (outcome.currentRevision === -1n) success.setNoStream(empty());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  if (outcome.last === undefined) success.setNoPosition(empty());
  else {
    const position = outcome.last.position.toString();
    success.setPosition(
      new streamsPb.AppendResp.Position().setCommitPosition(position).setPreparePosition(position),
    );
  }
  return new streamsPb.AppendResp().setSuccess(success);
}
