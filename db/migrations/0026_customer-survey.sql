CREATE TABLE "customer_surveys" (
	"visit_id" text PRIMARY KEY NOT NULL,
	"overall" smallint NOT NULL,
	"explanation" smallint NOT NULL,
	"on_time" smallint NOT NULL,
	"car_ready" smallint NOT NULL,
	"recommend" smallint NOT NULL,
	"comment" text,
	"language" text NOT NULL,
	"link_id" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_surveys_ratings" CHECK ("customer_surveys"."overall" between 1 and 5 and "customer_surveys"."explanation" between 1 and 5 and "customer_surveys"."on_time" between 1 and 5 and "customer_surveys"."car_ready" between 1 and 5 and "customer_surveys"."recommend" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "customer_surveys" ADD CONSTRAINT "customer_surveys_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_surveys_submitted_idx" ON "customer_surveys" USING btree ("submitted_at");