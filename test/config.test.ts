import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_AUTH_SECRET, kpiReviewTimeZone, loadConfig } from '../runtime/config.js';

describe('configuration', () => {
  it('defaults to the embedded stack', () => {
    const config = loadConfig({});
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ TEMPORAL_ADDRESS: 'temporal.example.com' }, 'TEMPORAL_ADDRESS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TEMPORAL_TLS_CERT_PATH: '/tmp/cert.pem' }, 'TEMPORAL_TLS_KEY_PATH'],
    [{ NODE_ENV: 'production', PUBLIC_URL: 'https://service.example.com' }, 'AUTH_SECRET'],
    [{ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32) }, 'PUBLIC_URL'],
    [{ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://service.example.com' }, 'SHOP_TIME_ZONE'],
    [{ SHOP_TIME_ZONE: 'Europe/Munich' }, 'SHOP_TIME_ZONE'],
    [{ TEMPORAL_WORKFLOW_STACK_TRACES: 'yes' }, 'TEMPORAL_WORKFLOW_STACK_TRACES'],
    [{ PUBLIC_URL: 'javascript:alert(1)' }, 'PUBLIC_URL'],
    [{ NODE_ENV: 'production', AUTH_SECRET: DEV_AUTH_SECRET }, 'AUTH_SECRET'],
    [{ AUTH_SECRET: 'too-short' }, 'AUTH_SECRET'],
    [{ APPROVAL_LINK_TTL_HOURS: '0' }, 'APPROVAL_LINK_TTL_HOURS'],
    [{ SHOP_CURRENCY: 'XYZ' }, 'SHOP_CURRENCY'],
    [{ SHOP_CURRENCY: 'euro' }, 'SHOP_CURRENCY'],
    [{ SHOP_CURRENCY: '€' }, 'SHOP_CURRENCY'],
    [{ SHOP_TAX_RATE: '19%' }, 'SHOP_TAX_RATE'],
    [{ SHOP_TAX_RATE: '0.125' }, 'SHOP_TAX_RATE'],
    [{ SHOP_TAX_RATE: '-5' }, 'SHOP_TAX_RATE'],
    [{ SHOP_TAX_RATE: '100.01' }, 'SHOP_TAX_RATE'],
    [{ SHOP_COUNTRY: 'Germany' }, 'SHOP_COUNTRY'],
    [{ SHOP_COUNTRY: 'DEU' }, 'SHOP_COUNTRY'],
    [{ SHOP_COUNTRY: 'XX' }, 'SHOP_COUNTRY'],
    [{ SHOP_LANGUAGE: 'fr' }, 'SHOP_LANGUAGE'],
    [{ KPI_REVIEW_TIME_ZONE: 'Asia/Beijing' }, 'KPI_REVIEW_TIME_ZONE'],
  ])('stops on a wrong value and names the variable (%o)', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('runs in production with a secret of its own, and in development without one', () => {
    expect(
      loadConfig({
        NODE_ENV: 'production',
        AUTH_SECRET: 'x'.repeat(32),
        PUBLIC_URL: 'https://service.example.com',
        SHOP_TIME_ZONE: 'Asia/Shanghai',
      }).AUTH_SECRET,
    ).toHaveLength(32);
    expect(loadConfig({ NODE_ENV: 'development' }).AUTH_SECRET).toBeUndefined();
  });

  it("runs the KPI review on the shop's clock unless told another zone", () => {
    expect(kpiReviewTimeZone(loadConfig({ SHOP_TIME_ZONE: 'Asia/Shanghai' }))).toBe('Asia/Shanghai');
    expect(kpiReviewTimeZone(loadConfig({ SHOP_TIME_ZONE: 'Asia/Shanghai', KPI_REVIEW_TIME_ZONE: 'UTC' }))).toBe('UTC');
    expect(kpiReviewTimeZone(loadConfig({}))).toBe('UTC');
  });

  it("takes the shop's currency as an ISO 4217 code Intl knows, EUR when unset", () => {
    expect(loadConfig({}).SHOP_CURRENCY).toBe('EUR');
    expect(loadConfig({ SHOP_CURRENCY: 'CNY' }).SHOP_CURRENCY).toBe('CNY');
    expect(loadConfig({ SHOP_CURRENCY: ' usd ' }).SHOP_CURRENCY).toBe('USD');
    expect(loadConfig({ SHOP_CURRENCY: '' }).SHOP_CURRENCY).toBe('EUR');
  });

  it('takes the language of the customers whose file names none, English when unset', () => {
    expect(loadConfig({}).SHOP_LANGUAGE).toBe('en');
    expect(loadConfig({ SHOP_LANGUAGE: 'zh-CN' }).SHOP_LANGUAGE).toBe('zh-CN');
    expect(loadConfig({ SHOP_LANGUAGE: '' }).SHOP_LANGUAGE).toBe('en');
  });

  it("takes the shop's country as an ISO 3166 code with a numbering plan, none when unset", () => {
    expect(loadConfig({}).SHOP_COUNTRY).toBeUndefined();
    expect(loadConfig({ SHOP_COUNTRY: 'CN' }).SHOP_COUNTRY).toBe('CN');
    expect(loadConfig({ SHOP_COUNTRY: ' de ' }).SHOP_COUNTRY).toBe('DE');
    expect(loadConfig({ SHOP_COUNTRY: '' }).SHOP_COUNTRY).toBeUndefined();
  });

  it("takes the shop's tax rate in percent, into basis points, none when unset", () => {
    expect(loadConfig({}).SHOP_TAX_RATE).toBe(0);
    expect(loadConfig({ SHOP_TAX_RATE: '19' }).SHOP_TAX_RATE).toBe(1_900);
    expect(loadConfig({ SHOP_TAX_RATE: ' 13 ' }).SHOP_TAX_RATE).toBe(1_300);
    expect(loadConfig({ SHOP_TAX_RATE: '8.25' }).SHOP_TAX_RATE).toBe(825);
    expect(loadConfig({ SHOP_TAX_RATE: '100' }).SHOP_TAX_RATE).toBe(10_000);
    expect(loadConfig({ SHOP_TAX_RATE: '' }).SHOP_TAX_RATE).toBe(0);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', TEMPORAL_ADDRESS: '' }).DATABASE_URL).toBeUndefined();
  });
});
