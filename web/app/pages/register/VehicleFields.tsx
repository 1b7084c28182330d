import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuestVehicle } from '../../../../src/modules/people/registration.schema.js';

/** Repeated from the server's schema (the web imports types only) and checked against it. */
const VEHICLE_TYPES = ['car', 'van', 'bus', 'truck', 'motorcycle', 'other'] as const satisfies readonly GuestVehicle['type'][];

export interface VehicleDraft {
  own: boolean;
  plate: string;
  type: string;
}

export const vehicleDraft = (v: { plate: string; type: string } | null | undefined): VehicleDraft => ({ own: !!v, plate: v?.plate ?? '', type: v?.type ?? 'car' });
export const vehicleInput = (v: VehicleDraft) => (v.own && v.plate.trim() !== '' ? { plate: v.plate.trim(), type: v.type as GuestVehicle['type'] } : null);

/** "I will come by my own vehicle": the plate and type the secretariat issues a parking permit for. */
export function VehicleFields({ value, onChange, invalid }: { value: VehicleDraft; onChange(v: VehicleDraft): void; invalid(field: string): true | undefined }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset>
      <legend>{t('registration.vehicle.title')}</legend>
      <label>
        <input type="checkbox" checked={value.own} onChange={(e) => onChange({ ...value, own: e.target.checked })} /> {t('registration.vehicle.own')}
      </label>
      {value.own && (
        <>
          <div className="field">
            <label htmlFor={`${id}-plate`}>{t('registration.vehicle.plate')}</label>
            <input
              id={`${id}-plate`}
              required
              maxLength={20}
              autoComplete="off"
              aria-invalid={invalid('vehicle.plate')}
              aria-describedby={`${id}-plate-hint`}
              value={value.plate}
              onChange={(e) => onChange({ ...value, plate: e.target.value })}
            />
            <small id={`${id}-plate-hint`} className="muted">
              {t('registration.vehicle.hint')}
            </small>
          </div>
          <div className="field">
            <label htmlFor={`${id}-type`}>{t('registration.vehicle.type')}</label>
            <select id={`${id}-type`} aria-invalid={invalid('vehicle.type')} value={value.type} onChange={(e) => onChange({ ...value, type: e.target.value })}>
              {VEHICLE_TYPES.map((v) => (
                <option key={v} value={v}>
                  {t(`registration.vehicle.types.${v}`)}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
    </fieldset>
  );
}
