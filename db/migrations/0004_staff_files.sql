CREATE TABLE "file_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"subject_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"field" text NOT NULL,
	"old_value" text,
	"new_value" text,
	"changed_by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "household" text;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "salesperson" text;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "key_code" text;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "options" text;--> statement-breakpoint
CREATE INDEX "file_changes_customer_idx" ON "file_changes" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "file_changes_subject_idx" ON "file_changes" USING btree ("subject","subject_id");