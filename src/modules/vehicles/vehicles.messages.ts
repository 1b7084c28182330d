import { defineMessages } from '../../platform/i18n/define.js';

/** Vehicle entrances: plate permits, ANPR cameras and passages (keys under `error.` are refusal codes). */
export const vehiclesMessages = defineMessages(
  {
    'error.permit_zone_unknown': 'The event has no zone with the code {code} ({field}).',
    'error.permit_owner_required': 'Say whose vehicle it is: a guest, a delegation or an owner name ({field}).',
    'error.permit_plate_invalid': 'No plate can be read in "{plate}" ({field}).',
    'error.permit_revoked': 'The permit was already revoked ({field}).',
    'error.permit_taken': 'The plate {plate} already has a permit in this event; revoke it first to issue another ({field}).',
    'error.permit_import_rows': '{count} rows of the file have errors; nothing was imported ({field}).',
    'error.permit_import_header': 'The first line must name the columns plate, type, owner, zones, from, to ({field}).',
    'error.camera_zone_unknown': 'The event has no zone with the code {code} ({field}).',
    'error.camera_device_unknown': 'No device account of this event has the email {email} ({field}).',
    'error.camera_device_mismatch': 'This camera posts with another device account ({field}).',
  },
  {
    'error.permit_zone_unknown': '本活动没有编号为 {code} 的区域（{field}）。',
    'error.permit_owner_required': '请说明车辆所属：嘉宾、代表团或车主名称（{field}）。',
    'error.permit_plate_invalid': '无法从"{plate}"中读出车牌（{field}）。',
    'error.permit_revoked': '该通行证已被撤销（{field}）。',
    'error.permit_taken': '车牌 {plate} 在本活动中已有通行证；如需另发，请先撤销原通行证（{field}）。',
    'error.permit_import_rows': '文件中有 {count} 行有错误，未导入任何内容（{field}）。',
    'error.permit_import_header': '第一行必须列出 plate、type、owner、zones、from、to 各列（{field}）。',
    'error.camera_zone_unknown': '本活动没有编号为 {code} 的区域（{field}）。',
    'error.camera_device_unknown': '本活动没有邮箱为 {email} 的设备账号（{field}）。',
    'error.camera_device_mismatch': '此摄像机使用另一个设备账号上报（{field}）。',
  },
  {
    permit_revoked: 409,
    permit_taken: 409,
    camera_device_unknown: 404,
    camera_device_mismatch: 403,
  },
);
