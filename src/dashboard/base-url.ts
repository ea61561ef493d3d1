/**
 * The dashboard's public address for links to leads in alerts: `baseUrl` when configured, else the
 * server's own URL (known before listening unless the port is 0, which picks a free one: then none).
 */
import type { Config } from '../config/config.ts';

export function dashboardBaseUrl(config: Pick<Config, 'baseUrl' | 'host' | 'port'>): string | null {
  if (config.baseUrl !== undefined) return config.baseUrl.replace(/\/+$/, '');
  if (config.port === 0) return null;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}
