CREATE TABLE "package_checklist_items" (
	"package_code" text NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "package_checklist_items_package_code_code_pk" PRIMARY KEY("package_code","code")
);
--> statement-breakpoint
ALTER TABLE "package_checklist_items" ADD CONSTRAINT "package_checklist_items_package_code_service_packages_code_fk" FOREIGN KEY ("package_code") REFERENCES "public"."service_packages"("code") ON DELETE no action ON UPDATE no action;