-- A customer is found by the phone_key column, which the customers' writers set with the shop's country
-- (domain/phone.ts). Existing files get the rule of the index it replaces (the digits, "00" read as "+"), so
-- every number that found a file before still finds it.
DROP INDEX "customers_phone_idx";--> statement-breakpoint
DROP INDEX "customers_phone_key_idx";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "phone_key" text;--> statement-breakpoint
UPDATE "customers" SET "phone_key" = regexp_replace(regexp_replace("phone", '^00', '+'), '[^0-9]', '', 'g');--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "phone_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_phone_key_idx" ON "customers" USING btree ("phone_key");
