import { XloadError } from '../errors.js';

/**
 * Why a distributed run could not start or keep going, each naming the agent. Stable
 * codes: agent_unreachable, agent_auth, agent_version, agent_refused, agent_clock,
 * agent_lost, agent_config.
 */
export class AgentError extends XloadError {
  constructor(
    code: 'agent_unreachable' | 'agent_auth' | 'agent_version' | 'agent_refused' | 'agent_clock' | 'agent_lost' | 'agent_config',
    readonly agent: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `agent ${agent}: ${message}`, options);
  }
}
