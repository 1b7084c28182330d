import { defineMessages } from '../../platform/i18n/define.js';

/** The sightseeing carts' network, fleet and posters (keys under `error.` are refusal codes). */
export const cartsMessages = defineMessages(
  {
    'error.network_stop_repeated': 'The stop code {code} appears twice in the list ({field}); each stop needs its own code.',
    'error.network_link_stop_unknown': 'The link names the stop {code}, which is not in the list of stops ({field}).',
    'error.network_link_loop': 'A link must lead to another stop, not back to {code} ({field}).',
    'error.network_link_repeated': 'The link from {from} to {to} is given twice ({field}); give each direction once.',
    'error.network_unreachable': 'No road leads from {from} to {to}: every active stop must be reachable from every other one ({field}).',
    'error.network_stop_in_use':
      'The stop {code} still has open rides or a cart standing there ({field}): wait until they are done, or move the cart first.',
    'error.network_stop_has_rides':
      'The stop {code} has past rides and cannot be removed ({field}): deactivate it instead, so its history stays whole.',
    'error.network_no_stops': 'The event has no active cart stop yet: save the network first.',
    'error.fleet_stop_not_active': 'No active stop has the code {code} ({field}).',
    'error.fleet_stop_required': 'Say at which stop the cart returns to service ({field}).',
    'error.fleet_driver_unknown': "No account has the email {email} ({field}): create the driver's account first.",
    'error.fleet_seats_below_aboard': 'The cart has {aboard} passengers aboard: it cannot have fewer seats than that now ({field}).',
  },
  {
    'error.network_stop_repeated': '站点编号 {code} 在列表中出现了两次（{field}），每个站点的编号必须唯一。',
    'error.network_link_stop_unknown': '路段引用的站点 {code} 不在站点列表中（{field}）。',
    'error.network_link_loop': '路段必须通往另一个站点，不能回到 {code} 本身（{field}）。',
    'error.network_link_repeated': '从 {from} 到 {to} 的路段重复出现（{field}），每个方向只需填写一次。',
    'error.network_unreachable': '从 {from} 无路可到 {to}：每个启用的站点都必须能到达其他所有启用的站点（{field}）。',
    'error.network_stop_in_use': '站点 {code} 仍有进行中的行程或有观光车停在该处（{field}）：请等行程结束，或先把车移走。',
    'error.network_stop_has_rides': '站点 {code} 有历史行程，不能删除（{field}）：请改为停用，以保留完整记录。',
    'error.network_no_stops': '本活动尚无启用的观光车站点，请先保存路网。',
    'error.fleet_stop_not_active': '没有编号为 {code} 的启用站点（{field}）。',
    'error.fleet_stop_required': '请指定观光车在哪个站点恢复运营（{field}）。',
    'error.fleet_driver_unknown': '没有邮箱为 {email} 的账号（{field}）：请先为司机创建账号。',
    'error.fleet_seats_below_aboard': '车上现有 {aboard} 名乘客，座位数不能少于此数（{field}）。',
  },
  {
    network_stop_in_use: 409,
    network_stop_has_rides: 409,
    network_no_stops: 409,
    fleet_driver_unknown: 404,
    fleet_seats_below_aboard: 409,
  },
);
