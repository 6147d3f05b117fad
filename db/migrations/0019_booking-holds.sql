CREATE TABLE "booking_holds" (
	"id" text PRIMARY KEY NOT NULL,
	"visit_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"workshop_hours" double precision NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "booking_holds" ADD CONSTRAINT "booking_holds_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_holds_at_idx" ON "booking_holds" USING btree ("at");