CREATE TABLE "consents" (
	"id" text PRIMARY KEY NOT NULL,
	"visit_id" text NOT NULL,
	"subject" text NOT NULL,
	"method" text NOT NULL,
	"signed_by" text,
	"signature" text,
	"call_reference" text,
	"called_by" text,
	"called_at" timestamp with time zone,
	"recorded_by" text NOT NULL,
	"line_ids" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"email" text,
	"address" text,
	"birthday" text,
	"preferred_channel" text DEFAULT 'sms' NOT NULL,
	"opted_out" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "declined_recommendations" (
	"line_id" text PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"visit_id" text NOT NULL,
	"description" text NOT NULL,
	"kind" text NOT NULL,
	"quantity" double precision NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"total_cents" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"declined_at" timestamp with time zone NOT NULL,
	"offered_in_visit_id" text
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" text PRIMARY KEY NOT NULL,
	"visit_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"reached" boolean NOT NULL,
	"satisfaction" integer,
	"comments" text,
	"called_by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_principal_key_pk" PRIMARY KEY("principal","key")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" text PRIMARY KEY NOT NULL,
	"visit_id" text NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"recorded_by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"visit_id" text PRIMARY KEY NOT NULL,
	"labour_cents" integer NOT NULL,
	"parts_cents" integer NOT NULL,
	"discount_cents" integer NOT NULL,
	"tax_cents" integer NOT NULL,
	"total_cents" integer NOT NULL,
	"paid_cents" integer NOT NULL,
	"payment_method" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"template" text NOT NULL,
	"visit_id" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "repair_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"visit_id" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"job_code" text,
	"quantity" double precision NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"discount_cents" integer DEFAULT 0 NOT NULL,
	"total_cents" integer NOT NULL,
	"status" text NOT NULL,
	"consent_id" text,
	"required_skill" integer DEFAULT 1 NOT NULL,
	"campaign" boolean DEFAULT false NOT NULL,
	"offered_from_line_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_history" (
	"visit_id" text PRIMARY KEY NOT NULL,
	"vin" text NOT NULL,
	"ro_number" integer NOT NULL,
	"mileage" integer,
	"advisor_id" text NOT NULL,
	"job_type" text NOT NULL,
	"description" text NOT NULL,
	"total_cents" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"visit_id" text,
	"customer_id" text,
	"assignee_role" text NOT NULL,
	"title" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"outcome" jsonb,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "technicians" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"skill_level" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicles" (
	"vin" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"plate" text NOT NULL,
	"model" text NOT NULL,
	"year" integer,
	"engine_no" text,
	"colour" text,
	"transmission" text,
	"purchase_date" text,
	"mileage" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_events" (
	"id" text PRIMARY KEY NOT NULL,
	"visit_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"from_stage" text,
	"to_stage" text,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" text PRIMARY KEY NOT NULL,
	"ro_number" serial NOT NULL,
	"kind" text NOT NULL,
	"stage" text NOT NULL,
	"customer_id" text NOT NULL,
	"vin" text NOT NULL,
	"plate" text NOT NULL,
	"advisor_id" text NOT NULL,
	"appointment_at" timestamp with time zone,
	"requested_services" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"priority_reason" text NOT NULL,
	"confirmed" boolean DEFAULT false NOT NULL,
	"arrived_at" timestamp with time zone,
	"technician_id" text,
	"promised_at" timestamp with time zone,
	"at_risk" boolean DEFAULT false NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"total_cents" integer,
	"mileage_in" integer,
	"delivered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_lines" ADD CONSTRAINT "repair_lines_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_history" ADD CONSTRAINT "service_history_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_events" ADD CONSTRAINT "visit_events_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_vin_vehicles_vin_fk" FOREIGN KEY ("vin") REFERENCES "public"."vehicles"("vin") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "declined_vin_idx" ON "declined_recommendations" USING btree ("vin","status");--> statement-breakpoint
CREATE INDEX "inspections_visit_idx" ON "inspections" USING btree ("visit_id","kind");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("status","created_at") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "repair_lines_visit_idx" ON "repair_lines" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "service_history_vin_idx" ON "service_history" USING btree ("vin","at");--> statement-breakpoint
CREATE INDEX "tasks_open_idx" ON "tasks" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "tasks_visit_idx" ON "tasks" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "vehicles_plate_idx" ON "vehicles" USING btree ("plate");--> statement-breakpoint
CREATE INDEX "vehicles_customer_idx" ON "vehicles" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_events_seq_idx" ON "visit_events" USING btree ("visit_id","seq");--> statement-breakpoint
CREATE INDEX "visits_stage_idx" ON "visits" USING btree ("stage","created_at");--> statement-breakpoint
CREATE INDEX "visits_appointment_idx" ON "visits" USING btree ("appointment_at");--> statement-breakpoint
CREATE INDEX "visits_advisor_idx" ON "visits" USING btree ("advisor_id","created_at");--> statement-breakpoint
CREATE INDEX "visits_plate_idx" ON "visits" USING btree ("plate");--> statement-breakpoint
CREATE INDEX "visits_vin_idx" ON "visits" USING btree ("vin");--> statement-breakpoint
CREATE INDEX "visits_created_idx" ON "visits" USING btree ("created_at");