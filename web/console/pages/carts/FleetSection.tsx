import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartAdmin, CartInput, CartNetwork, CartPatch } from '../../../../src/modules/logistics/carts.schema.js';
import { api, eventPath } from '../../../shared/api.js';
import { currentLang, pickText } from '../../../shared/i18n.js';
import { useEvent } from '../../access.js';
import { FormError, Saved, SaveButton, SelectField, TextField, useApiError } from '../../fields.js';
import { QueryState, useApi } from '../../../shared/query.js';

type Stop = CartNetwork['stops'][number];

function StopOptions({ stops }: { stops: Stop[] }) {
  const lang = currentLang();
  return (
    <>
      {stops
        .filter((s) => s.active)
        .map((s) => (
          <option key={s.code} value={s.code}>
            {`${s.code} · ${pickText(s.name, lang)}`}
          </option>
        ))}
    </>
  );
}

/** Adds a cart (cart === null) or edits one's seats, access, driver and shift. */
function CartForm({ cart, stops, onSaved, onCancel }: { cart: CartAdmin | null; stops: Stop[]; onSaved: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [code, setCode] = useState(cart?.code ?? '');
  const [seats, setSeats] = useState(String(cart?.seats ?? 8));
  const [accessible, setAccessible] = useState(cart?.accessible ?? false);
  const [driver, setDriver] = useState(cart?.driver?.email ?? '');
  const [shiftStart, setShiftStart] = useState(cart?.shiftStart ?? '08:00');
  const [shiftEnd, setShiftEnd] = useState(cart?.shiftEnd ?? '20:00');
  const [home, setHome] = useState(stops.find((s) => s.active)?.code ?? '');
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  const touch = <T,>(f: (v: T) => void) => (v: T) => (setSaved(false), f(v));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const common = { seats: seats.trim() === '' ? (null as unknown as number) : Number(seats), accessible, driver: driver.trim() === '' ? null : driver.trim(), shiftStart, shiftEnd };
    const done = cart
      ? await run(() => api<CartAdmin>('PATCH', eventPath(event.slug, `/carts/${encodeURIComponent(cart.code)}`), common satisfies CartPatch))
      : await run(() => api<CartAdmin>('POST', eventPath(event.slug, '/carts'), { ...common, code: code.trim(), home } satisfies CartInput));
    if (done) {
      setSaved(true);
      if (!cart) setCode('');
      onSaved();
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="editor cart-form" aria-label={cart ? t('cartsConsole.fleet.editOf', { cart: cart.code }) : t('cartsConsole.fleet.new')}>
      {!cart && <h4>{t('cartsConsole.fleet.new')}</h4>}
      <div className="row">
        {!cart && <TextField label={t('cartsConsole.fleet.code')} value={code} onChange={touch(setCode)} error={forField('code')} required hint={t('cartsConsole.fleet.codeHint')} />}
        <TextField label={t('cartsConsole.fleet.seats')} type="number" value={seats} onChange={touch(setSeats)} error={forField('seats')} required />
        <TextField label={t('cartsConsole.fleet.driver')} type="email" value={driver} onChange={touch(setDriver)} error={forField('driver')} hint={t('cartsConsole.fleet.driverHint')} />
      </div>
      <div className="row">
        <TextField label={t('cartsConsole.fleet.shiftStart')} value={shiftStart} onChange={touch(setShiftStart)} error={forField('shiftStart')} hint="HH:MM" />
        <TextField label={t('cartsConsole.fleet.shiftEnd')} value={shiftEnd} onChange={touch(setShiftEnd)} error={forField('shiftEnd')} hint={t('cartsConsole.fleet.shiftEndHint')} />
        {!cart && (
          <SelectField label={t('cartsConsole.fleet.home')} value={home} onChange={touch(setHome)} error={forField('home')}>
            <StopOptions stops={stops} />
          </SelectField>
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={accessible} onChange={(e) => (setSaved(false), setAccessible(e.target.checked))} /> {t('cartsConsole.fleet.accessibleLong')}
      </label>
      <FormError error={error} fields={['code', 'seats', 'driver', 'shiftStart', 'shiftEnd', 'home']} />
      <div className="actions">
        <SaveButton busy={busy} label={cart ? t('cartsConsole.fleet.save') : t('cartsConsole.fleet.add')} />
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('cartsConsole.fleet.close')}
          </button>
        )}
        <Saved show={saved} />
      </div>
    </form>
  );
}

/** Out of service (a breakdown: the server reassigns its waiting passengers) or back in service at a stop. */
function ServiceControl({ cart, stops, onSaved }: { cart: CartAdmin; stops: Stop[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [stop, setStop] = useState(cart.stop ?? stops.find((s) => s.active)?.code ?? '');
  const { error, forField, run, busy } = useApiError();
  const path = eventPath(event.slug, `/carts/${encodeURIComponent(cart.code)}`);
  async function send(body: CartPatch) {
    if (body.inService === false && !window.confirm(t('cartsConsole.fleet.confirmOut', { cart: cart.code }))) return;
    const done = await run(() => api<CartAdmin>('PATCH', path, body));
    if (done) onSaved();
  }
  return (
    <div className="cart-service">
      {cart.inService ? (
        <button type="button" className="danger" disabled={busy} aria-label={t('cartsConsole.fleet.takeOut', { cart: cart.code })} onClick={() => void send({ inService: false })}>
          {t('cartsConsole.fleet.takeOutShort')}
        </button>
      ) : (
        <>
          <SelectField label={t('cartsConsole.fleet.backAt', { cart: cart.code })} value={stop} onChange={setStop} error={forField('stop')}>
            <StopOptions stops={stops} />
          </SelectField>
          <button type="button" disabled={busy} aria-label={t('cartsConsole.fleet.putBack', { cart: cart.code })} onClick={() => void send({ inService: true, stop })}>
            {t('cartsConsole.fleet.putBackShort')}
          </button>
        </>
      )}
      <FormError error={error} fields={['stop']} />
    </div>
  );
}

/** The fleet: every cart with its driver, shift, service state, place and load; add, edit, out of / back in service. */
export function FleetSection() {
  const { t } = useTranslation();
  const { event } = useEvent();
  const lang = currentLang();
  const carts = useApi<CartAdmin[]>(eventPath(event.slug, '/carts'));
  const network = useApi<CartNetwork>(eventPath(event.slug, '/cart-network'));
  const [editing, setEditing] = useState<string | null>(null);
  const stops = network.data?.stops ?? [];
  const stopName = new Map(stops.map((s) => [s.code, pickText(s.name, lang)]));
  if (!carts.data || !network.data) return <QueryState of={[carts, network]} />;
  const list = carts.data;

  return (
    <section aria-labelledby="cart-fleet-title">
      <h3 id="cart-fleet-title">{t('cartsConsole.fleet.title')}</h3>
      <table className="grid cart-fleet">
        <caption>{t('cartsConsole.fleet.caption', { n: list.length, inService: list.filter((c) => c.inService).length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cartsConsole.fleet.code')}</th>
            <th scope="col">{t('cartsConsole.fleet.seats')}</th>
            <th scope="col">{t('cartsConsole.fleet.accessible')}</th>
            <th scope="col">{t('cartsConsole.fleet.driver')}</th>
            <th scope="col">{t('cartsConsole.fleet.shift')}</th>
            <th scope="col">{t('cartsConsole.fleet.inService')}</th>
            <th scope="col">{t('cartsConsole.fleet.where')}</th>
            <th scope="col">{t('cartsConsole.fleet.load')}</th>
            <th scope="col">{t('cartsConsole.fleet.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((c) => (
            <tr key={c.code} className={c.inService ? undefined : 'out-of-service'}>
              <th scope="row">{c.code}</th>
              <td>{c.seats}</td>
              <td>{c.accessible ? t('cartsConsole.yes') : t('cartsConsole.no')}</td>
              <td>{c.driver ? `${c.driver.name} <${c.driver.email}>` : '–'}</td>
              <td>{`${c.shiftStart}–${c.shiftEnd}`}</td>
              <td>{c.inService ? t('cartsConsole.yes') : t('cartsConsole.fleet.out')}</td>
              <td>{c.stop ? `${c.stop} · ${stopName.get(c.stop) ?? ''}` : '–'}</td>
              <td>{t('cartsConsole.fleet.loadOf', { aboard: c.aboard, seats: c.seats, planned: c.planned })}</td>
              <td>
                {editing === c.code ? (
                  <CartForm
                    cart={c}
                    stops={stops}
                    onSaved={() => {
                      setEditing(null);
                      carts.reload();
                    }}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  <button type="button" className="link" aria-label={t('cartsConsole.fleet.edit', { cart: c.code })} onClick={() => setEditing(c.code)}>
                    {t('cartsConsole.fleet.editShort')}
                  </button>
                )}
                <ServiceControl cart={c} stops={stops} onSaved={carts.reload} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CartForm cart={null} stops={stops} onSaved={carts.reload} />
    </section>
  );
}
