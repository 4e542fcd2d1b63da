import { AF_INET6 } from '../../addr/family';
import { parseCNumber } from '../../command/args';
import { iptError } from '../../command/iptables-values';
import { not, type XtMatchType } from '../xtables';

/* libip6t_rt (ip6t_rt): the IPv6 routing header's type, segments left and length; ip6tables only. */

export interface RtInfo {
  name: 'rt';
  rtType?: { value: number; invert: boolean };
  segsleft: { min: number; max: number; invert: boolean };
  hdrlen?: { value: number; invert: boolean };
  /** --rt-0-res: the type 0 header's reserved field is zero. */
  res: boolean;
  /** --rt-0-not-strict. */
  notStrict: boolean;
}

const U32_MAX = 0xffffffff;

export const rt: XtMatchType<RtInfo> = {
  kind: 'match',
  name: 'rt',
  family: AF_INET6,
  detail: 'IPv6 routing header (--rt-type 0 is RH0)',
  options: [
    { name: 'rt-type', hasArg: true, detail: 'routing header type' },
    { name: 'rt-segsleft', hasArg: true, detail: 'segments left N or MIN:MAX' },
    { name: 'rt-len', hasArg: true, detail: 'header length' },
    { name: 'rt-0-res', hasArg: false, noInvert: true },
    { name: 'rt-0-not-strict', hasArg: false, noInvert: true },
  ],
  parser() {
    const info: RtInfo = { name: 'rt', segsleft: { min: 0, max: U32_MAX, invert: false }, res: false, notStrict: false };
    const u32 = (option: string, text: string, column: number) => {
      const n = parseCNumber(text);
      if (n === undefined) throw iptError(column, `rt: bad value for option "--${option}", or out of range (0-4294967295).\n`);
      return n;
    };
    return {
      parse(option, value, invert, column) {
        if (option === 'rt-type') info.rtType = { value: u32(option, value, column), invert };
        else if (option === 'rt-len') info.hdrlen = { value: u32(option, value, column), invert };
        else if (option === 'rt-segsleft') {
          const colon = value.indexOf(':');
          const min = u32(option, colon < 0 ? value : value.slice(0, colon) || '0', column);
          const max = colon < 0 ? min : value.slice(colon + 1) === '' ? U32_MAX : u32(option, value.slice(colon + 1), column);
          info.segsleft = { min, max, invert };
        } else if (option === 'rt-0-res') info.res = true;
        else info.notStrict = true;
      },
      finish: () => info,
    };
  },
  // The model carries IPv4 packets only (every namespace has disable_ipv6=1): none has a routing header.
  match: () => ({ test: () => false }),
  save(info) {
    let s = '-m rt';
    if (info.rtType) s += ` ${not(info.rtType.invert)}--rt-type ${info.rtType.value}`;
    const g = info.segsleft;
    if (!(g.min === 0 && g.max === U32_MAX)) s += ` ${not(g.invert)}--rt-segsleft ${g.min !== g.max ? `${g.min}:${g.max}` : g.min}`;
    if (info.hdrlen) s += ` ${not(info.hdrlen.invert)}--rt-len ${info.hdrlen.value}`;
    if (info.res) s += ' --rt-0-res';
    if (info.notStrict) s += ' --rt-0-not-strict';
    return s;
  },
  print(info) {
    let s = ' rt';
    if (info.rtType) s += ` type:${info.rtType.invert ? '!' : ''}${info.rtType.value}`;
    const g = info.segsleft;
    const inv = g.invert ? '!' : '';
    if (g.min !== 0 || g.max !== U32_MAX || g.invert) s += g.min === g.max ? ` segsleft:${inv}${g.min}` : ` segslefts:${inv}${g.min}:${g.max}`;
    if (info.hdrlen) s += ` length:${info.hdrlen.invert ? '!' : ''}${info.hdrlen.value}`;
    if (info.res) s += ' reserved';
    if (info.notStrict) s += ' 0-not-strict';
    return s;
  },
};
