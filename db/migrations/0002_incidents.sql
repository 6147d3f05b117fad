ALTER TABLE "alerts" ALTER COLUMN "kpi" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "value" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "target" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "direction" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "sample" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "period_from" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "period_to" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "needs_attention" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "activity" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "cause" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "attempts" integer;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "alerts_subject_idx" ON "alerts" USING btree ("subject");