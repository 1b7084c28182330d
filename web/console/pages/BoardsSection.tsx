import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SnapshotBoard } from '../../../src/modules/program/program.schema.js';
import { api, eventPath } from '../../shared/api.js';
import { pickText } from '../../shared/i18n.js';
import { useEvent } from '../access.js';
import { BilingualField, emptyBi, FormError, Saved, SaveButton, strOrNull, TextField, useApiError, type Bi } from '../fields.js';

function BoardForm({ board, onSaved }: { board: SnapshotBoard | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const { event } = useEvent();
  const [code, setCode] = useState(board?.code ?? '');
  const [title, setTitle] = useState<Bi>(board?.title ?? emptyBi());
  const [color, setColor] = useState(board?.color ?? '');
  const [saved, setSaved] = useState(false);
  const { error, forField, run, busy } = useApiError();
  const touch = <T,>(f: (v: T) => void) => (v: T) => (setSaved(false), f(v));
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { code: code.trim(), title, color: strOrNull(color) };
    const b = await run(() => (board ? api<SnapshotBoard>('PATCH', eventPath(event.slug, `/boards/${board.id}`), body) : api<SnapshotBoard>('POST', eventPath(event.slug, '/boards'), body)));
    if (b) {
      setSaved(true);
      if (!board) {
        setCode('');
        setTitle(emptyBi());
        setColor('');
      }
      onSaved();
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="editor" aria-label={board ? `${board.code} · ${pickText(board.title)}` : t('console.boards.new')}>
      <div className="row">
        <TextField label={t('console.boards.code')} value={code} onChange={touch(setCode)} required error={forField('code')} />
        <TextField label={t('console.boards.color')} value={color} onChange={touch(setColor)} error={forField('color')} hint={t('console.boards.colorHint')} />
      </div>
      <BilingualField label={t('console.boards.title')} name="title" value={title} onChange={touch(setTitle)} errorFor={forField} required />
      <FormError error={error} fields={['code', 'title', 'color']} />
      <div className="actions">
        <SaveButton busy={busy} label={board ? undefined : t('console.boards.add')} />
        <Saved show={saved} />
      </div>
    </form>
  );
}

/** The boards (板块) themselves, for organisers: code, bilingual title, colour. */
export function BoardsSection({ boards, onSaved }: { boards: SnapshotBoard[]; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <details className="boards">
      <summary>{t('console.boards.manage')}</summary>
      {boards.map((b) => (
        <details key={b.id}>
          <summary>
            {b.code} · {pickText(b.title)}
          </summary>
          <BoardForm board={b} onSaved={onSaved} />
        </details>
      ))}
      <details>
        <summary>{t('console.boards.new')}</summary>
        <BoardForm board={null} onSaved={onSaved} />
      </details>
    </details>
  );
}
