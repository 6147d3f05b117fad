CREATE TABLE "staff_feedback" (
	"id" text PRIMARY KEY NOT NULL,
	"stage" text NOT NULL,
	"suggestion" text NOT NULL,
	"language" text NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
CREATE INDEX "staff_feedback_submitted_idx" ON "staff_feedback" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "staff_feedback_status_idx" ON "staff_feedback" USING btree ("status","submitted_at");