CREATE TABLE "sc_accounts" (
	"account_id" text PRIMARY KEY NOT NULL,
	"name" text,
	"authorized_by_coach_id" integer,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sc_athletes" (
	"account_id" text NOT NULL,
	"athlete_id" integer NOT NULL,
	"first_name" text,
	"last_name" text,
	"email" text,
	"hash" text NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "sc_athletes_account_id_athlete_id_pk" PRIMARY KEY("account_id","athlete_id")
);
--> statement-breakpoint
CREATE TABLE "sc_checkpoints" (
	"consumer_id" text NOT NULL,
	"scope" text NOT NULL,
	"listed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sc_checkpoints_consumer_id_scope_pk" PRIMARY KEY("consumer_id","scope")
);
--> statement-breakpoint
CREATE TABLE "sc_coaches" (
	"account_id" text NOT NULL,
	"coach_id" integer NOT NULL,
	"first_name" text,
	"last_name" text,
	"email" text,
	"hash" text NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "sc_coaches_account_id_coach_id_pk" PRIMARY KEY("account_id","coach_id")
);
--> statement-breakpoint
CREATE TABLE "sc_consumer_accounts" (
	"consumer_id" text NOT NULL,
	"account_id" text NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "sc_consumer_accounts_consumer_id_account_id_pk" PRIMARY KEY("consumer_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "sc_consumers" (
	"consumer_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sc_measurement_laps" (
	"account_id" text NOT NULL,
	"lap_id" integer NOT NULL,
	"measurement_id" integer NOT NULL,
	"athlete_id" integer NOT NULL,
	"name" text,
	"start_time" timestamp with time zone NOT NULL,
	"start_time_local" text,
	"end_time" timestamp with time zone,
	"end_time_local" text,
	"hash" text NOT NULL,
	"removed_at" timestamp with time zone,
	"results_state" text DEFAULT 'pending' NOT NULL,
	"results_hash" text,
	"results_attempts" integer DEFAULT 0 NOT NULL,
	"results_retry_at" timestamp with time zone,
	"results_error" text,
	CONSTRAINT "sc_measurement_laps_account_id_lap_id_pk" PRIMARY KEY("account_id","lap_id")
);
--> statement-breakpoint
CREATE TABLE "sc_measurements" (
	"account_id" text NOT NULL,
	"measurement_id" integer NOT NULL,
	"athlete_id" integer NOT NULL,
	"session_id" integer DEFAULT 0 NOT NULL,
	"measurement_type" text,
	"exercise_type" text,
	"sports_type" text,
	"event_type" text,
	"notes" text,
	"start_time" timestamp with time zone NOT NULL,
	"start_time_local" text,
	"end_time" timestamp with time zone,
	"end_time_local" text,
	"hash" text NOT NULL,
	"removed_at" timestamp with time zone,
	"results_state" text DEFAULT 'pending' NOT NULL,
	"results_hash" text,
	"results_attempts" integer DEFAULT 0 NOT NULL,
	"results_retry_at" timestamp with time zone,
	"results_error" text,
	CONSTRAINT "sc_measurements_account_id_measurement_id_pk" PRIMARY KEY("account_id","measurement_id")
);
--> statement-breakpoint
CREATE TABLE "sc_quota_usage" (
	"consumer_id" text NOT NULL,
	"day" text NOT NULL,
	"used" integer NOT NULL,
	"last_request_at" timestamp with time zone,
	CONSTRAINT "sc_quota_usage_consumer_id_day_pk" PRIMARY KEY("consumer_id","day")
);
--> statement-breakpoint
CREATE TABLE "sc_result_scalars" (
	"result_set_id" integer NOT NULL,
	"variable_id" smallint NOT NULL,
	"value" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sc_result_series" (
	"result_set_id" integer NOT NULL,
	"variable_id" smallint NOT NULL,
	"type" text NOT NULL,
	"bits" smallint NOT NULL,
	"sampling_rate" text,
	"start_time" timestamp with time zone NOT NULL,
	"length" integer NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sc_result_sets" (
	"result_set_id" serial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"source" text NOT NULL,
	"measurement_id" integer NOT NULL,
	"lap_id" integer NOT NULL,
	"athlete_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"start_time_local" text,
	"end_time" timestamp with time zone,
	"end_time_local" text,
	"consumer_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sc_run_units" (
	"run_id" integer NOT NULL,
	"unit" text NOT NULL,
	CONSTRAINT "sc_run_units_run_id_unit_pk" PRIMARY KEY("run_id","unit")
);
--> statement-breakpoint
CREATE TABLE "sc_runs" (
	"run_id" serial PRIMARY KEY NOT NULL,
	"consumer_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"state" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "sc_session_laps" (
	"account_id" text NOT NULL,
	"lap_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"name" text,
	"athlete_ids" integer[] NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"start_time_local" text,
	"end_time" timestamp with time zone,
	"end_time_local" text,
	"hash" text NOT NULL,
	"removed_at" timestamp with time zone,
	"results_state" text DEFAULT 'pending' NOT NULL,
	"results_hash" text,
	"results_attempts" integer DEFAULT 0 NOT NULL,
	"results_retry_at" timestamp with time zone,
	"results_error" text,
	CONSTRAINT "sc_session_laps_account_id_lap_id_pk" PRIMARY KEY("account_id","lap_id")
);
--> statement-breakpoint
CREATE TABLE "sc_sessions" (
	"account_id" text NOT NULL,
	"session_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"coach_id" integer,
	"session_type" text,
	"sports_type" text,
	"event_type" text,
	"notes" text,
	"athlete_ids" integer[] NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"start_time_local" text,
	"end_time" timestamp with time zone,
	"end_time_local" text,
	"hash" text NOT NULL,
	"removed_at" timestamp with time zone,
	"results_state" text DEFAULT 'pending' NOT NULL,
	"results_hash" text,
	"results_attempts" integer DEFAULT 0 NOT NULL,
	"results_retry_at" timestamp with time zone,
	"results_error" text,
	CONSTRAINT "sc_sessions_account_id_session_id_pk" PRIMARY KEY("account_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "sc_team_members" (
	"account_id" text NOT NULL,
	"team_id" integer NOT NULL,
	"athlete_id" integer NOT NULL,
	CONSTRAINT "sc_team_members_account_id_team_id_athlete_id_pk" PRIMARY KEY("account_id","team_id","athlete_id")
);
--> statement-breakpoint
CREATE TABLE "sc_teams" (
	"account_id" text NOT NULL,
	"team_id" integer NOT NULL,
	"parent_team_id" integer,
	"name" text,
	"hash" text NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "sc_teams_account_id_team_id_pk" PRIMARY KEY("account_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "sc_type_names" (
	"kind" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "sc_type_names_kind_name_pk" PRIMARY KEY("kind","name")
);
--> statement-breakpoint
CREATE TABLE "sc_variables" (
	"variable_id" "smallserial" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sc_measurement_laps_measurement" ON "sc_measurement_laps" USING btree ("account_id","measurement_id");--> statement-breakpoint
CREATE INDEX "sc_measurements_athlete_start" ON "sc_measurements" USING btree ("account_id","athlete_id","start_time");--> statement-breakpoint
CREATE INDEX "sc_measurements_results" ON "sc_measurements" USING btree ("results_state","start_time");--> statement-breakpoint
CREATE INDEX "sc_result_scalars_set" ON "sc_result_scalars" USING brin ("result_set_id");--> statement-breakpoint
CREATE INDEX "sc_result_series_set" ON "sc_result_series" USING brin ("result_set_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sc_result_sets_natural" ON "sc_result_sets" USING btree ("account_id","source","measurement_id","lap_id");--> statement-breakpoint
CREATE INDEX "sc_result_sets_athlete_start" ON "sc_result_sets" USING btree ("account_id","athlete_id","start_time");--> statement-breakpoint
CREATE INDEX "sc_runs_consumer" ON "sc_runs" USING btree ("consumer_id","run_id");--> statement-breakpoint
CREATE INDEX "sc_session_laps_session" ON "sc_session_laps" USING btree ("account_id","session_id");--> statement-breakpoint
CREATE INDEX "sc_sessions_team_start" ON "sc_sessions" USING btree ("account_id","team_id","start_time");--> statement-breakpoint
CREATE UNIQUE INDEX "sc_variables_name_unit" ON "sc_variables" USING btree ("name","unit");