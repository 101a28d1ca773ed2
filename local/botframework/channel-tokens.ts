/**
 * The tokens the Bot Framework puts on every activity it posts to a bot (channel → bot): RS256, signed with a key of
 * the published JWKS that is endorsed for the channel, `iss` the channel service, `aud` the bot's app id, and a
 * `serviceurl` claim that must equal the activity's serviceUrl. Each fault makes one thing wrong, so the tests can
 * show that botbuilder's own validation refuses it.
 */
import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { type JwtPayload, jwkThumbprint, publicJwk, signingInput, signRs256 } from '../signin-provider/jwt';

/** The channel the stand-in plays; a key of the JWKS endorsed only for another one signs the `no-endorsement` fault. */
export const TEAMS_CHANNEL = 'msteams';
export const OTHER_CHANNEL = 'webchat';
/** Bot Framework tokens last an hour; botbuilder allows five minutes of clock skew, so expired means well past. */
const TOKEN_LIFETIME_SECONDS = 60 * 60;
const EXPIRED_SECONDS_AGO = 60 * 60;

export const TOKEN_FAULTS = [
  /** `header.payload.` with no signature. */
  'unsigned',
  /** `alg: none`, no signature, the real kid. */
  'alg-none',
  /** Expired an hour ago. */
  'expired',
  /** For another bot's app id. */
  'wrong-audience',
  /** Issued by someone other than the channel service the bot trusts. */
  'wrong-issuer',
  /** Signed by a key the JWKS does not list. */
  'unknown-key',
  /** Signed by a key the JWKS lists, but endorsed for another channel only. */
  'no-endorsement',
  /** The serviceurl claim names another service than the activity's serviceUrl. */
  'forged-service-url',
  /** The kid of the real key, the signature of another. */
  'bad-signature',
] as const;
export type TokenFault = (typeof TOKEN_FAULTS)[number];

/** What a token is made for: the activity's serviceUrl (and, for a check, its channel). */
export interface SignableActivity {
  serviceUrl?: string;
}

interface SigningKey {
  privateKey: KeyObject;
  kid: string;
}

function newKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, kid: jwkThumbprint(privateKey) };
}

export class ChannelTokens {
  /** Endorsed for msteams: signs every good token. */
  private readonly teamsKey = newKey();
  /** Listed in the JWKS, endorsed for another channel only. */
  private readonly otherChannelKey = newKey();
  /** Never published. */
  private readonly unpublishedKey = newKey();

  constructor(private readonly options: { issuer: () => string; appId: string; now: () => number }) {}

  /** The JWKS as login.botframework.com publishes it: RSA keys with the channels each is endorsed for. */
  jwks(): { keys: (JsonWebKey & { endorsements: string[] })[] } {
    return {
      keys: [
        { ...publicJwk(this.teamsKey.privateKey, this.teamsKey.kid), endorsements: [TEAMS_CHANNEL] },
        { ...publicJwk(this.otherChannelKey.privateKey, this.otherChannelKey.kid), endorsements: [OTHER_CHANNEL] },
      ],
    };
  }

  /** The claims of a good token for this activity, as of now. */
  claims(activity: SignableActivity): JwtPayload {
    const now = Math.floor(this.options.now() / 1000);
    return {
      serviceurl: activity.serviceUrl ?? '',
      nbf: now - 5,
      exp: now + TOKEN_LIFETIME_SECONDS,
      iss: this.options.issuer(),
      aud: this.options.appId,
    };
  }

  /** A compact JWT for the activity, good unless faults make it otherwise. */
  tokenFor(activity: SignableActivity, faults: readonly TokenFault[] = []): string {
    const has = (fault: TokenFault) => faults.includes(fault);
    const claims = this.claims(activity);
    if (has('expired')) {
      const exp = Math.floor(this.options.now() / 1000) - EXPIRED_SECONDS_AGO;
      Object.assign(claims, { nbf: exp - TOKEN_LIFETIME_SECONDS, exp });
    }
    if (has('wrong-audience')) claims.aud = '00000000-0000-4000-8000-00000000dead';
    if (has('wrong-issuer')) claims.iss = 'https://api.botframework.example';
    if (has('forged-service-url')) claims.serviceurl = 'https://smba.trafficmanager.net/amer/';
    const key = has('unknown-key') ? this.unpublishedKey : has('no-endorsement') ? this.otherChannelKey : this.teamsKey;
    if (has('unsigned')) return `${signingInput({ alg: 'RS256', kid: key.kid, typ: 'JWT' }, claims)}.`;
    if (has('alg-none')) return `${signingInput({ alg: 'none', kid: key.kid, typ: 'JWT' }, claims)}.`;
    if (has('bad-signature')) {
      const [input] = splitSignature(signRs256(claims, this.teamsKey.privateKey, this.teamsKey.kid));
      const [, otherSignature] = splitSignature(signRs256(claims, this.unpublishedKey.privateKey, this.teamsKey.kid));
      return `${input}.${otherSignature}`;
    }
    return signRs256(claims, key.privateKey, key.kid);
  }
}

function splitSignature(token: string): [string, string] {
  const cut = token.lastIndexOf('.');
  return [token.slice(0, cut), token.slice(cut + 1)];
}
