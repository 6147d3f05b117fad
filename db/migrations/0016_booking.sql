CREATE TABLE "booking_capacity" (
	"id" text PRIMARY KEY NOT NULL,
	"slot_minutes" integer NOT NULL,
	"receptions_per_slot" integer NOT NULL,
	"workshop_hours_per_day" double precision NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "web_bookings" (
	"visit_id" text PRIMARY KEY NOT NULL,
	"services" jsonb NOT NULL,
	"workshop_hours" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "web_bookings" ADD CONSTRAINT "web_bookings_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;