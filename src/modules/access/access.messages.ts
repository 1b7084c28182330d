import { defineMessages } from '../../platform/i18n/define.js';

/**
 * The access feature's messages: the gate verdicts in words (`message.verdict.<code>`, the codes of
 * VERDICT_CODES in access.schema.ts), for anything the server says about a scan (exports, logs, reports).
 */
export const accessMessages = defineMessages(
  {
    'message.verdict.admitted': 'Admitted',
    'message.verdict.malformed': 'Not a badge code',
    'message.verdict.truncated': 'Badge code incomplete',
    'message.verdict.unknown_version': 'Unknown badge format',
    'message.verdict.wrong_event': 'Badge of another event',
    'message.verdict.bad_signature': 'Forged or damaged badge',
    'message.verdict.expired': 'Badge expired',
    'message.verdict.not_yet_valid': 'Badge not valid yet',
    'message.verdict.revoked': 'Badge revoked',
    'message.verdict.unknown_gate': 'Unknown gate',
    'message.verdict.not_accredited': 'Not accredited',
    'message.verdict.banned': 'Barred from this zone',
    'message.verdict.wrong_zone': 'No access to this zone',
    'message.verdict.outside_window': 'Outside the access hours',
    'message.verdict.not_invited': 'Not on the invitation list',
    'message.verdict.already_inside': 'Already inside',
    'message.verdict.not_inside': 'Leaving, but was not recorded inside',
    'message.verdict.session_full': 'Session full',
  },
  {
    'message.verdict.admitted': '准予通行',
    'message.verdict.malformed': '不是证件二维码',
    'message.verdict.truncated': '证件二维码不完整',
    'message.verdict.unknown_version': '未知的证件格式',
    'message.verdict.wrong_event': '其他活动的证件',
    'message.verdict.bad_signature': '伪造或损坏的证件',
    'message.verdict.expired': '证件已过期',
    'message.verdict.not_yet_valid': '证件尚未生效',
    'message.verdict.revoked': '证件已注销',
    'message.verdict.unknown_gate': '未知的闸口',
    'message.verdict.not_accredited': '未获制证',
    'message.verdict.banned': '禁止进入该区域',
    'message.verdict.wrong_zone': '无权进入该区域',
    'message.verdict.outside_window': '不在准入时段',
    'message.verdict.not_invited': '不在受邀名单内',
    'message.verdict.already_inside': '已在场内',
    'message.verdict.not_inside': '离场，但无入场记录',
    'message.verdict.session_full': '会场已满',
  },
);
