CREATE TABLE "labour_operations" (
	"code" text PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"flat_rate_hours" double precision NOT NULL,
	"hourly_rate_cents" integer NOT NULL,
	"skill_level" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "package_items" (
	"package_code" text NOT NULL,
	"position" integer NOT NULL,
	"labour_code" text,
	"part_number" text,
	"quantity" double precision NOT NULL,
	CONSTRAINT "package_items_package_code_position_pk" PRIMARY KEY("package_code","position")
);
--> statement-breakpoint
CREATE TABLE "parts" (
	"part_number" text PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"stock_on_hand" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_packages" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "repair_lines" ADD COLUMN "catalogue_ref" jsonb;--> statement-breakpoint
ALTER TABLE "package_items" ADD CONSTRAINT "package_items_package_code_service_packages_code_fk" FOREIGN KEY ("package_code") REFERENCES "public"."service_packages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_items" ADD CONSTRAINT "package_items_labour_code_labour_operations_code_fk" FOREIGN KEY ("labour_code") REFERENCES "public"."labour_operations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_items" ADD CONSTRAINT "package_items_part_number_parts_part_number_fk" FOREIGN KEY ("part_number") REFERENCES "public"."parts"("part_number") ON DELETE no action ON UPDATE no action;