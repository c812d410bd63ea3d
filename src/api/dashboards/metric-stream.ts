/**
 * GET /api/dashboard/stream: Server-Sent Events. The live metrics are sent at once, then again
 * whenever the analytics read model has moved, checked at most once per `intervalMs` (1 s) per
 * client, so a burst of commands costs one update; a comment line every `heartbeatMs` keeps
 * proxies from closing an idle stream. A client going away stops its timers; closing the
 * server ends every open stream.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export type MetricSource = {
  readonly metrics: () => Promise<{ readonly position: string }>;
  /** The read model's position, without IO. */
  readonly position: () => bigint;
  readonly intervalMs?: number;
  readonly heartbeatMs?: number;
};

export type MetricStreams = {
  readonly open: (request: FastifyRequest, reply: FastifyReply) => void;
  readonly closeAll: () => void;
};

export function metricStreams(source: MetricSource): MetricStreams {
  const open = new Set<() => void>();
  return {
    open: (request, reply) => {
      // Headers the plugins set so far (CORS, request id, security) go out with the stream.
      const earlier = Object.entries(reply.getHeaders());
      reply.hijack();
      const res = reply.raw;
      for (const [name, value] of earlier) if (value !== undefined) res.setHeader(name, value);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let sent: bigint | undefined;
      let busy = false;
      const push = async () => {
        const position = source.position();
        if (busy || position === sent) return;
        busy = true;
        try {
          const metrics = await source.metrics();
          sent = position;
          if (!res.writableEnded)
            res.write(`id: ${metrics.position}\nevent: metrics\ndata: ${JSON.stringify(metrics)}\n\n`);
        } catch (error) {
          request.log.warn({ err: error }, 'dashboard stream update failed');
        } finally {
          busy = false;
        }
      };
      const updates = setInterval(() => void push(), source.intervalMs ?? 1000);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), source.heartbeatMs ?? 15_000);
      const stop = () => {
        clearInterval(updates);
        clearInterval(heartbeat);
        open.delete(stop);
        if (!res.writableEnded) res.end();
      };
      open.add(stop);
      request.raw.on('close', stop);
      void push();
    },
    closeAll: () => {
      for (const stop of [...open]) stop();
    },
  };
}
