ALTER TABLE "tasks" ADD COLUMN "params" jsonb;--> statement-breakpoint
ALTER TABLE "care_events" ADD COLUMN "detail" jsonb;