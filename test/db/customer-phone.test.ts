import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { PhoneOnAnotherFile } from '../../db/customer-phone.js';
import { changeCustomer } from '../../db/file-records.js';
import { customers } from '../../db/schema.js';
import { callerOnFile, upsertCustomer } from '../../db/visit-records.js';
import { phoneDigits, type ShopCountry } from '../../domain/phone.js';
import { openTestDatabase } from '../support/database.js';

// One customer file per number, however the front desk writes it, on the driver in use (PGlite, or PostgreSQL
// with TEST_DATABASE_URL): both run the same migrations.

describe('customers are found by their number’s key', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  const book = (phone: string, country?: ShopCountry, name = 'Li Wei') =>
    database.db.transaction((tx) => upsertCustomer(tx, { name, phone }, randomUUID(), { country }));
  const filesOf = async (ids: string[]) =>
    database.db
      .select()
      .from(customers)
      .where(inArray(customers.id, [...new Set(ids)]));

  it('a Chinese mobile at the desk and on the booking page is one file in Shanghai, in the spelling first given', async () => {
    const spellings = ['138 1234 5678', '+86 138 1234 5678', '0086-138-1234-5678', '138-1234-5678'];
    const ids = [];
    for (const phone of spellings) ids.push((await book(phone, 'CN')).id);
    const files = await filesOf(ids);
    expect(files.map((f) => [f.phone, f.phoneKey])).toEqual([['138 1234 5678', '8613812345678']]);
  });

  it('a German landline in national and international form is one file in Munich', async () => {
    const ids = [];
    for (const phone of ['+49 89 1234567', '089 1234567', '+49 (89) 123-4567', '0049 89 1234567'])
      ids.push((await book(phone, 'DE')).id);
    expect((await filesOf(ids)).map((f) => [f.phone, f.phoneKey])).toEqual([['+49 89 1234567', '49891234567']]);
  });

  it('without the shop’s country, a national form stays a file of its own', async () => {
    const international = await book('+49 30 6241343');
    const national = await book('030 6241343');
    expect(national.id).not.toBe(international.id);
    expect((await book('030-624 1343')).id).toBe(national.id);
  });

  it('in Shanghai, a German number keeps its own key and file', async () => {
    const german = await book('+49 40 5552468', 'CN');
    const [file] = await filesOf([german.id]);
    expect(file?.phoneKey).toBe('49405552468');
    expect((await book('0049 40 555 2468', 'CN')).id).toBe(german.id);
    expect((await book('040 5552468', 'CN')).id).not.toBe(german.id);
  });

  it('a file keyed by its digits before the country was set is found by its national form and gets its key', async () => {
    const id = randomUUID();
    // As migration 0021 filled existing files; beside it a US number whose digits are the same.
    await database.db.insert(customers).values([
      { id, name: 'Wang Fang', phone: '139 8765 4321', phoneKey: '13987654321' },
      { id: randomUUID(), name: 'Sam Miller', phone: '+1 398 765 4321', phoneKey: '13987654321' },
    ]);
    expect((await book('139-8765-4321', 'CN', 'Wang Fang')).id).toBe(id);
    const [file] = await filesOf([id]);
    expect([file?.phone, file?.phoneKey]).toEqual(['139 8765 4321', '8613987654321']);
    expect((await book('+86 139 8765 4321', 'CN', 'Wang Fang')).id).toBe(id);
  });

  it('such a file is found by the number in international form too, not opened a second time', async () => {
    const shanghai = randomUUID();
    const munich = randomUUID();
    await database.db.insert(customers).values([
      { id: shanghai, name: 'Zhao Lei', phone: '021 6123 4567', phoneKey: '02161234567' },
      { id: munich, name: 'Anna Huber', phone: '089 7654321', phoneKey: '0897654321' },
    ]);
    expect((await book('+86 21 6123 4567', 'CN', 'Zhao Lei')).id).toBe(shanghai);
    expect((await book('0086 21 6123 4567', 'CN', 'Zhao Lei')).id).toBe(shanghai);
    expect((await book('+49 89 7654321', 'DE', 'Anna Huber')).id).toBe(munich);
    const files = await filesOf([shanghai, munich]);
    expect(files.map((f) => [f.phone, f.phoneKey]).sort()).toEqual([
      ['021 6123 4567', '862161234567'],
      ['089 7654321', '49897654321'],
    ]);
  });

  it('the same new number sent at once in different spellings makes one file (the lock is by the key)', async () => {
    const spellings = ['137 0000 1111', '+86 137 0000 1111', '0086 137 0000 1111', '137-0000-1111', '+86 (137) 0000-1111'];
    const booked = await Promise.all([...spellings, ...spellings].map((phone) => book(phone, 'CN', 'Zhang Min')));
    expect(new Set(booked.map((b) => b.id)).size).toBe(1);
    expect(await database.db.select().from(customers).where(eq(customers.phoneKey, '8613700001111'))).toHaveLength(1);
  });

  it('a hotline caller is the file of their number in either form, or a new file with its key', async () => {
    const known = await book('136 1111 2222', 'CN', 'Chen Jie');
    const caller = await callerOnFile(database.db, { callerName: 'Jie', phone: '+86 136 1111 2222' }, randomUUID(), 'CN');
    expect(caller).toEqual({ id: known.id, name: 'Chen Jie' });
    const stranger = await callerOnFile(database.db, { callerName: 'Liu Yang', phone: '135 3333 4444' }, randomUUID(), 'CN');
    const [file] = await filesOf([stranger.id]);
    expect(file?.phoneKey).toBe('8613533334444');
    expect((await book('+86 135 3333 4444', 'CN')).id).toBe(stranger.id);
  });

  it('an edit of the file’s number gives it the new number’s key', async () => {
    const { id } = await book('+86 133 5555 6666', 'CN', 'Zhou Lan');
    const edited = await changeCustomer(database.db, id, { phone: '133 7777 8888' }, 'adv-lena', 'CN');
    expect(edited?.phoneKey).toBe('8613377778888');
    expect((await book('+86 133 7777 8888', 'CN', 'Zhou Lan')).id).toBe(id);
  });

  it('a number another file has is refused to an edit and to a booking by id, and both files stay as they were', async () => {
    const anna = await book('+49 30 777 1001', 'DE', 'Anna Alt');
    const ben = await book('+49 30 777 1002', 'DE', 'Ben Berg');
    const before = await filesOf([anna.id, ben.id]);
    // Ben's file given Anna's number, written as the desk says it.
    await expect(changeCustomer(database.db, ben.id, { phone: '030 777 1001' }, 'adv-lena', 'DE')).rejects.toThrow(
      new PhoneOnAnotherFile({ id: anna.id, name: 'Anna Alt' }),
    );
    await expect(
      database.db.transaction((tx) =>
        upsertCustomer(tx, { id: ben.id, name: 'Ben Berg', phone: '+49 (30) 777-1001' }, randomUUID(), { country: 'DE' }),
      ),
    ).rejects.toBeInstanceOf(PhoneOnAnotherFile);
    expect(await filesOf([anna.id, ben.id])).toEqual(before);
    // His own number in another spelling is his: no refusal.
    expect((await changeCustomer(database.db, ben.id, { phone: '030 7771002' }, 'adv-lena', 'DE'))?.phoneKey).toBe('49307771002');
  });

  it('the migration fills existing files with the digits rule, which phoneDigits is', async () => {
    const fill = readFileSync(new URL('../../db/migrations/0021_customer-phone-country.sql', import.meta.url), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .find((s) => s.startsWith('UPDATE'));
    if (!fill) throw new Error('the migration fills no existing files');
    const phones = ['+49 30 6241343', '0049 (30) 624-1343', '030 6241343', ' +86 138 1234 5678', '+49 (0)30 6241343'];
    const ids = phones.map(() => randomUUID());
    await database.db
      .insert(customers)
      .values(phones.map((phone, i) => ({ id: ids[i] ?? '', name: 'Before', phone, phoneKey: 'unset' })));
    await database.db.execute(sql.raw(fill));
    const files = await filesOf(ids);
    expect(Object.fromEntries(files.map((f) => [f.phone, f.phoneKey]))).toEqual(
      Object.fromEntries(phones.map((p) => [p, phoneDigits(p)])),
    );
  });
});
