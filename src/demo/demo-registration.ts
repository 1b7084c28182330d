import { DateTime } from 'luxon';
import type { DemoGuest } from './generate-people.js';

/**
 * What the demo's guests wrote in their registration: identity documents, journeys to Wuzhen around 2 to 6
 * December 2017, hotels, diets, languages and consents, and the organisers' review notes. Pure and seeded.
 */

export type Rng = () => number;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
const LETTERS = [...'ABCDEFGHJKLMNPRSTUVWXYZ'];

export const CHANGE_REQUESTS = [
  'Please upload a recent passport-style photo on a plain background.',
  'The passport number does not match the scanned page; please check it.',
  'Please add your arrival flight number so that we can arrange the pick-up.',
  '请补充身份证号码并上传正面免冠照片。',
];
export const REJECTIONS = [
  'Invitation was not transferable: a colleague registered in place of the invitee.',
  'Registration received after the accreditation deadline.',
  '同一人重复报名,保留较早的一份。',
];
const DIETARY = [
  { kind: 'vegetarian' as const },
  { kind: 'vegan' as const },
  { kind: 'other' as const, allergies: 'no pork' },
  { kind: 'none' as const, allergies: 'gluten' },
  { kind: 'none' as const, allergies: 'shellfish' },
  { kind: 'kosher' as const },
];
const HALAL_COUNTRIES = new Set(['SA', 'AE', 'EG', 'MA', 'JO']);
const HOTELS = [
  'Wuzhen Waterside Resort (乌镇水乡旅舍)',
  'Wuzhen Clubhouse (乌镇会所)',
  'Tongxiang Grand Hotel (桐乡大酒店)',
  'Xizha Guesthouse (西栅民宿)',
];
const AIRLINES = ['MU', 'CA', 'CZ', 'HO', 'FM', 'KE', 'NH', 'LH', 'AF', 'SQ', 'EK', 'TK', 'QR'];
/** arrival and departure: by air to Hangzhou or Shanghai, then road; or by high-speed train to Tongxiang */
const AIRPORTS = [
  { code: 'HGH', name: 'Hangzhou Xiaoshan' },
  { code: 'PVG', name: 'Shanghai Pudong' },
  { code: 'SHA', name: 'Shanghai Hongqiao' },
];
const TRAIN_FROM = ['Beijing South', 'Shanghai Hongqiao', 'Nanjing South', 'Hangzhou East', 'Wuhan', 'Guangzhou South'];

/** A local (Asia/Shanghai) time on a December 2017 day as ISO with offset. */
export function localTime(rng: Rng, day: number, fromHour: number, toHour: number): string {
  const minutes = Math.floor(fromHour * 60 + rng() * (toHour - fromHour) * 60);
  const t = DateTime.fromObject({ year: 2017, month: 12, day, hour: 0, minute: 0 }, { zone: 'Asia/Shanghai' }).plus({
    minutes: Math.floor(minutes / 5) * 5,
  });
  return t.toISO({ suppressMilliseconds: true })!;
}

function travel(rng: Rng, g: Pick<DemoGuest, 'country'>, leg: 'arrival' | 'departure') {
  const day = leg === 'arrival' ? (rng() < 0.55 ? 2 : 3) : rng() < 0.6 ? 5 : 6;
  const byTrain = g.country === 'CN' ? rng() < 0.5 : rng() < 0.08;
  const at =
    leg === 'arrival'
      ? localTime(rng, day, day === 3 ? 6 : 9, day === 3 ? 8 : 22)
      : localTime(rng, day, day === 5 ? 15 : 8, day === 5 ? 22 : 18);
  if (byTrain) {
    const other = pick(rng, TRAIN_FROM);
    return {
      mode: 'train' as const,
      number: `G${7300 + Math.floor(rng() * 400)}`,
      at,
      place: leg === 'arrival' ? `Tongxiang (from ${other})` : `Tongxiang (to ${other})`,
    };
  }
  const airport = pick(rng, AIRPORTS);
  return {
    mode: 'flight' as const,
    number: `${pick(rng, AIRLINES)}${100 + Math.floor(rng() * 8900)}`,
    at,
    place: `${airport.name} (${airport.code})`,
  };
}

/** The registration form as a guest would have filled it (people's RegistrationDetails). */
export function demoRegistration(rng: Rng, g: Pick<DemoGuest, 'country' | 'language'>) {
  const month = () => String(1 + Math.floor(rng() * 12)).padStart(2, '0');
  const identity =
    g.country === 'CN'
      ? {
          type: 'id_card' as const,
          number: `33${digits(rng, 4)}19${digits(rng, 2)}${month()}${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}${digits(rng, 4)}`,
          country: 'CN',
          expiry: `20${22 + Math.floor(rng() * 12)}-${month()}-15`,
        }
      : {
          type: 'passport' as const,
          number: `${pick(rng, LETTERS)}${pick(rng, LETTERS)}${digits(rng, 7)}`,
          country: g.country,
          expiry: `20${19 + Math.floor(rng() * 9)}-${month()}-28`,
        };
  const arrival = travel(rng, g, 'arrival');
  const departure = travel(rng, g, 'departure');
  const hotelNeeded = rng() < 0.82;
  const dietaryRoll = rng();
  const dietary =
    HALAL_COUNTRIES.has(g.country) && dietaryRoll < 0.7
      ? { kind: 'halal' as const }
      : dietaryRoll < 0.16
        ? pick(rng, DIETARY)
        : { kind: 'none' as const };
  const accessibility = rng() < 0.02 ? pick(rng, ['wheelchair access', 'hearing loop', 'step-free route to the main hall']) : null;
  const languages = [...new Set([g.language, ...(g.language === 'zh' ? (rng() < 0.6 ? ['en'] : []) : ['en'])])];
  return {
    identity,
    arrival,
    departure,
    hotel: hotelNeeded
      ? {
          needed: true,
          checkIn: arrival.at.slice(0, 10),
          checkOut: departure.at.slice(0, 10),
          roomType: rng() < 0.85 ? ('single' as const) : ('double' as const),
          note: `Preference: ${pick(rng, HOTELS)}`,
        }
      : { needed: false },
    dietary,
    ...(accessibility ? { accessibility } : {}),
    languages,
  };
}

export function demoConsents(rng: Rng, at: string) {
  return {
    dataProcessing: { given: true, at, by: null },
    faceRecognition: { given: rng() < 0.6, at, by: null },
    photography: { given: rng() < 0.9, at, by: null },
  };
}
