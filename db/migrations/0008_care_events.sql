CREATE TABLE "care_events" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"summary" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rescues" ADD COLUMN "set_out_escalated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "care_events_seq_idx" ON "care_events" USING btree ("subject_id","seq");