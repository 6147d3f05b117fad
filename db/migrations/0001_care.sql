CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"kpi" text NOT NULL,
	"scope" text NOT NULL,
	"value" double precision NOT NULL,
	"target" double precision NOT NULL,
	"direction" text NOT NULL,
	"sample" integer NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"task_id" text,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"stage" text NOT NULL,
	"visit_id" text,
	"customer_id" text,
	"hotline_call_id" text,
	"plate" text,
	"description" text NOT NULL,
	"satisfaction" integer,
	"assignee_id" text,
	"received_at" timestamp with time zone NOT NULL,
	"first_response_due_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"first_response_escalated_at" timestamp with time zone,
	"resolution_escalated_at" timestamp with time zone,
	"solution" text,
	"outcome" jsonb,
	"customer_accepted" boolean,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_calls" (
	"id" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"taken_by" text NOT NULL,
	"caller_name" text NOT NULL,
	"phone" text NOT NULL,
	"customer_id" text,
	"category" text NOT NULL,
	"suggested_category" text NOT NULL,
	"summary" text NOT NULL,
	"location" text,
	"plate" text,
	"read_back" text NOT NULL,
	"rescue_id" text,
	"complaint_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"kpi" text PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"target" double precision NOT NULL,
	"min_sample" integer DEFAULT 5 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"comeback_visit_ids" jsonb NOT NULL,
	"occurrences" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"root_cause" text,
	"task_id" text,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rescues" (
	"id" text PRIMARY KEY NOT NULL,
	"hotline_call_id" text,
	"customer_id" text,
	"stage" text NOT NULL,
	"location" text NOT NULL,
	"problem" text NOT NULL,
	"plate" text,
	"crew" text,
	"eta_at" timestamp with time zone,
	"eta_missed_count" integer DEFAULT 0 NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"on_the_way_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"visit_id" text,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_calls" ADD CONSTRAINT "hotline_calls_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rescues" ADD CONSTRAINT "rescues_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_status_idx" ON "alerts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "complaints_received_idx" ON "complaints" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "complaints_stage_idx" ON "complaints" USING btree ("stage","received_at");--> statement-breakpoint
CREATE INDEX "complaints_visit_idx" ON "complaints" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "hotline_calls_received_idx" ON "hotline_calls" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "problems_subject_idx" ON "problems" USING btree ("kind","subject","status");--> statement-breakpoint
CREATE INDEX "rescues_dispatched_idx" ON "rescues" USING btree ("dispatched_at");