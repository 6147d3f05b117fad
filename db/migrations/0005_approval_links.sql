ALTER TABLE "visits" ADD COLUMN "pending_approval_id" text;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "awaiting_customer_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "customer_decided_at" timestamp with time zone;