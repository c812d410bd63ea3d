/**
 * An in-process stand-in for EventStoreDB, for tests (DESIGN.md §5): a gRPC server built
 * from the service definitions `@eventstore/db-client` ships, holding everything in memory.
 *
 * Supports: Streams.Append; Streams.Read for stream reads (forwards/backwards, from a
 * revision, with a count, stream-not-found), $all reads (from start/end/position, both
 * directions, event-type and stream-name filters by prefix or regex) and subscriptions to
 * $all (confirmation, history, caught_up, live events, checkpoints when filtered);
 * ServerFeatures.GetSupportedMethods. Not supported: BatchAppend (the client is told it is
 * absent and falls back to Append), stream subscriptions, deletes, stream metadata, links,
 * idempotent re-appends by event id, authentication, TLS, gossip.
 */
import { Server, ServerCredentials, status, type sendUnaryData } from '@grpc/grpc-js';
import serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import serverFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import { appendHandler } from './esdb-test-server/append-handler.js';
import { createInMemoryLog } from './esdb-test-server/in-memory-log.js';
import { readHandler } from './esdb-test-server/read-handler.js';
import type { LiveSubscriptions } from './esdb-test-server/subscription.js';

export type EsdbTestServer = {
  /** A connection string for `EventStoreDBClient.connectionString`. */
  readonly url: string;
  /**
   * Ends every live subscription with UNAVAILABLE, as a restarting server or a lost
   * connection would; returns how many there were.
   */
  readonly dropSubscriptions: () => number;
  readonly stop: () => Promise<void>;
};

const STREAMS_SERVICE = 'event_store.client.streams.Streams';

export async function startEsdbTestServer(): Promise<EsdbTestServer> {
  const log = createInMemoryLog();
  const live: LiveSubscriptions = new Set();
  const server = new Server();
  server.addService(streamsGrpc.StreamsService, { read: readHandler(log, live), append: appendHandler(log) });
  server.addService(serverFeaturesGrpc.ServerFeaturesService, { getSupportedMethods });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, boundPort) =>
      error === null ? resolve(boundPort) : reject(error),
    );
  });
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    dropSubscriptions: () => {
      const calls = [...live];
      for (const call of calls)
        call.emit('error', { code: status.UNAVAILABLE, details: 'subscription dropped' });
      return calls.length;
    },
    // Subscriptions never end on their own, so a graceful shutdown would wait forever.
    stop: () => {
      server.forceShutdown();
      return Promise.resolve();
    },
  };
}

function getSupportedMethods(_call: unknown, callback: sendUnaryData<SupportedMethods>): void {
  const method = (serviceName: string, methodName: string) =>
    new serverFeaturesPb.SupportedMethod().setServiceName(serviceName).setMethodName(methodName);
  const methods = new serverFeaturesPb.SupportedMethods()
    .setEventStoreServerVersion('24.10.0-in-process-test')
    .setMethodsList([
      method(STREAMS_SERVICE, 'Read'),
      method(STREAMS_SERVICE, 'Append'),
      method('event_store.client.server_features.ServerFeatures', 'GetSupportedMethods'),
    ]);
  callback(null, methods);
}
