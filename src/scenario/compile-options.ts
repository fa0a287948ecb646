import { resolve } from 'node:path';
import type { XmlElement } from './ast.js';
import { attr } from './ast.js';
import { optionElements } from './context.js';
import { DEFAULTS } from './options-table.js';
import { NO_TIMEOUT_MS, type OptionsSpec, type ThinktimeOption } from './plan.js';
import { parseBool, parseInteger, parseNumber } from './values.js';

/** `<options>` → OptionsSpec with Tsung's defaults; the tree is already validated. */
export function compileOptions(root: XmlElement, baseDir: string): OptionsSpec {
  const spec: OptionsSpec = {
    connectTimeoutMs: NO_TIMEOUT_MS,
    idleTimeoutMs: DEFAULTS.idleTimeoutMs,
    maxRetries: DEFAULTS.maxRetries,
    retryTimeoutMs: DEFAULTS.retryTimeoutMs,
    globalAckTimeoutMs: NO_TIMEOUT_MS,
    hibernate: DEFAULTS.hibernateMs,
    websocketPath: DEFAULTS.websocketPath,
    websocketFrame: DEFAULTS.websocketFrame,
    boshPath: DEFAULTS.boshPath,
    fileServers: [],
    jabber: {
      username: DEFAULTS.username,
      passwd: DEFAULTS.passwd,
      domain: DEFAULTS.domain,
      userIdMax: DEFAULTS.userIdMax,
      globalNumber: DEFAULTS.globalNumber,
      mucService: DEFAULTS.mucService,
      pubsubService: DEFAULTS.pubsubService,
      fileIdDelimiter: DEFAULTS.fileIdDelimiter,
    },
  };
  const j = spec.jabber;
  for (const o of optionElements(root)) {
    const type = attr(o, 'type');
    if (type !== undefined && type !== 'ts_jabber') continue;
    const v = attr(o, 'value');
    const int = (fallback: number): number => parseInteger(v) ?? fallback;
    const ms = (fallback: number): number => (v?.trim() === 'infinity' ? NO_TIMEOUT_MS : int(fallback));
    switch (attr(o, 'name')) {
      case 'thinktime':
        spec.thinktime = thinktimeOption(o);
        break;
      case 'seed':
        spec.seed = int(0);
        break;
      case 'hibernate':
        spec.hibernate = v?.trim() === 'infinity' ? NO_TIMEOUT_MS : int(10) * 1000;
        break;
      case 'connect_timeout':
        spec.connectTimeoutMs = ms(30_000);
        break;
      case 'idle_timeout':
        spec.idleTimeoutMs = ms(DEFAULTS.idleTimeoutMs);
        break;
      case 'global_ack_timeout':
        spec.globalAckTimeoutMs = ms(NO_TIMEOUT_MS);
        break;
      case 'max_retries':
        spec.maxRetries = int(DEFAULTS.maxRetries);
        break;
      case 'retry_timeout':
        spec.retryTimeoutMs = int(DEFAULTS.retryTimeoutMs);
        break;
      case 'ports_range':
        if (v !== 'off') spec.portsRange = { min: parseInteger(attr(o, 'min')) ?? 1025, max: parseInteger(attr(o, 'max')) ?? 65534 };
        break;
      case 'websocket_path':
        spec.websocketPath = v ?? DEFAULTS.websocketPath;
        break;
      case 'websocket_frame':
        spec.websocketFrame = v === 'text' ? 'text' : 'binary';
        break;
      case 'bosh_path':
        spec.boshPath = v ?? DEFAULTS.boshPath;
        break;
      case 'file_server': {
        const id = attr(o, 'id') ?? DEFAULTS.fileServerId;
        spec.fileServers = spec.fileServers.filter((f) => f.id !== id);
        spec.fileServers.push({ id, path: resolve(baseDir, v ?? '') });
        break;
      }
      case 'global_number':
        j.globalNumber = int(DEFAULTS.globalNumber);
        break;
      // ts_config_jabber.erl: a value-less option takes these fallbacks, not the defaults.
      case 'username':
        j.username = v ?? 'tsunguser';
        break;
      case 'passwd':
        j.passwd = v ?? 'sesame';
        break;
      case 'domain':
        j.domain = v ?? DEFAULTS.domain;
        break;
      case 'userid_max':
        j.userIdMax = int(DEFAULTS.userIdMax);
        break;
      case 'muc_service':
        j.mucService = v ?? 'conference.localhost';
        break;
      case 'pubsub_service':
        j.pubsubService = v ?? 'pubsub.localhost';
        break;
      case 'vhost_file':
        if (v !== undefined) j.vhostFile = v;
        break;
      case 'random_from_fileid':
        if (v !== undefined) j.randomFromFileId = v;
        break;
      case 'offline_from_fileid':
        if (v !== undefined) j.offlineFromFileId = v;
        break;
      case 'fileid_delimiter':
        j.fileIdDelimiter = v ?? ';';
        break;
    }
  }
  return spec;
}

function thinktimeOption(o: XmlElement): ThinktimeOption {
  const min = parseNumber(attr(o, 'min'));
  const max = parseNumber(attr(o, 'max'));
  const opt: ThinktimeOption = {
    value: parseNumber(attr(o, 'value')) ?? DEFAULTS.thinktimeS,
    random: parseBool(attr(o, 'random')) ?? false,
    override: parseBool(attr(o, 'override')) ?? false,
  };
  if (min !== undefined && max !== undefined) {
    opt.min = min;
    opt.max = max;
  }
  return opt;
}
