# rmq-drift on Huawei Cloud FunctionGraph: the scheduled audit (timer trigger), the HTTP interface
# (dedicated API Gateway trigger), the fan-out worker the scheduled audit starts asynchronously, the
# agency whose temporary keys all three use, and where a failed scheduled run or worker goes. Artifacts come from `npm run build`. Deployment guide: docs/deploy.md.
terraform {
  required_providers {
    huaweicloud = {
      source  = "huaweicloud/huaweicloud"
      version = ">= 1.60.0"
    }
  }
}

provider "huaweicloud" {
  region = var.region
}

locals {
  baseline_bucket = var.baseline_bucket == "" ? var.reports_bucket : var.baseline_bucket
  # OBS through its S3-compatible API, signed with the agency's keys and security token.
  environment = {
    RMQ_DRIFT_BASELINE           = "s3://${local.baseline_bucket}/${var.baseline_key}"
    RMQ_DRIFT_REPORTS            = "s3://${var.reports_bucket}/${var.reports_prefix}"
    RMQ_DRIFT_S3_ENDPOINT        = "https://obs.${var.region}.myhuaweicloud.com"
    RMQ_DRIFT_S3_REGION          = var.region
    RMQ_DRIFT_ALERT_MIN_SEVERITY = var.alert_min_severity
  }
  # A worker never alerts, so it gets the cloud keys only, not the alert channels.
  cloud_secrets = {
    ALIBABA_CLOUD_ACCESS_KEY_ID     = var.alibaba_access_key_id
    ALIBABA_CLOUD_ACCESS_KEY_SECRET = var.alibaba_access_key_secret
  }
  secrets     = merge(local.cloud_secrets, { RMQ_DRIFT_ALERTS = var.alerts })
  worker_name = "${var.name_prefix}-worker"
  obs_policy = replace(replace(replace(replace(
    file("${path.module}/../../policies/iam/huawei-obs-policy.json"),
    "<REPORTS_BUCKET>", var.reports_bucket),
    "<REPORTS_PREFIX>", var.reports_prefix),
    "<BASELINE_BUCKET>", local.baseline_bucket),
  "<BASELINE_KEY>", var.baseline_key)
}

# What the functions may do with the agency's keys: read DMS for RocketMQ (project level), publish
# failed runs to the topic and start the worker (project level), reports and baseline in OBS
# (global service). The worker is named, not referenced: the worker itself uses this agency.
resource "huaweicloud_identity_role" "dms_read" {
  name        = "${var.name_prefix}-dms-read"
  description = "rmq-drift: read DMS for RocketMQ instances and users"
  type        = "XA"
  policy      = file("${path.module}/../../policies/iam/huawei-iam-policy.json")
}

resource "huaweicloud_identity_role" "failures" {
  name        = "${var.name_prefix}-failures"
  description = "rmq-drift: publish failed runs, start the fan-out worker"
  type        = "XA"
  policy = replace(replace(
    file("${path.module}/../../policies/iam/huawei-functiongraph-agency-policy.json"),
    "<FAILURE_TOPIC>", huaweicloud_smn_topic.failures.name),
  "<WORKER_FUNCTION>", local.worker_name)
}

resource "huaweicloud_identity_role" "reports" {
  name        = "${var.name_prefix}-obs-reports"
  description = "rmq-drift: reports prefix and baseline object in OBS"
  type        = "AX"
  policy      = local.obs_policy
}

resource "huaweicloud_identity_agency" "functions" {
  name                   = "${var.name_prefix}-functions"
  description            = "rmq-drift functions: DMS reads, OBS reports, failure topic, worker"
  delegated_service_name = "op_svc_cff"

  project_role {
    project = var.region
    roles   = [huaweicloud_identity_role.dms_read.name, huaweicloud_identity_role.failures.name]
  }
  domain_roles = [huaweicloud_identity_role.reports.name]
}

resource "huaweicloud_fgs_function" "scheduled" {
  name                  = "${var.name_prefix}-scheduled"
  app                   = "default"
  description           = "Scheduled RocketMQ permission drift audit"
  runtime               = var.runtime
  handler               = "functiongraph.handler"
  code_type             = "zip"
  func_code             = filebase64("${path.module}/../../dist/scheduled.zip")
  code_filename         = "scheduled.zip"
  memory_size           = 512
  timeout               = 900
  functiongraph_version = "v2"
  agency                = huaweicloud_identity_agency.functions.name
  # Fan-out: a run with more targets than RMQ_DRIFT_SHARD_SIZE (50) is collected by the worker in
  # shards. 600 s of shard wait leaves 300 s of the 900 for discovery, merge, compare, alerts, store.
  user_data = jsonencode(merge(local.environment, {
    RMQ_DRIFT_FANOUT             = var.fanout
    RMQ_DRIFT_WORKER_FUNCTION    = huaweicloud_fgs_function.worker.urn
    RMQ_DRIFT_SHARD_WAIT_SECONDS = "600"
  }))
  encrypted_user_data = jsonencode(local.secrets)
}

# Started only by the scheduled function (no trigger). No use running past the shard wait: a later
# shard is not merged.
resource "huaweicloud_fgs_function" "worker" {
  name                  = local.worker_name
  app                   = "default"
  description           = "rmq-drift fan-out worker (collects one shard of a scheduled run)"
  runtime               = var.runtime
  handler               = "functiongraph.handler"
  code_type             = "zip"
  func_code             = filebase64("${path.module}/../../dist/worker.zip")
  code_filename         = "worker.zip"
  memory_size           = 512
  timeout               = 600
  functiongraph_version = "v2"
  agency                = huaweicloud_identity_agency.functions.name
  user_data             = jsonencode(local.environment)
  encrypted_user_data   = jsonencode(local.cloud_secrets)
}

resource "huaweicloud_fgs_function" "http" {
  name                  = "${var.name_prefix}-http"
  app                   = "default"
  description           = "rmq-drift HTTP interface (POST /audit, GET /reports/..., GET /healthz)"
  runtime               = var.runtime
  handler               = "functiongraph.handler"
  code_type             = "zip"
  func_code             = filebase64("${path.module}/../../dist/http.zip")
  code_filename         = "http.zip"
  memory_size           = 512
  timeout               = 60
  functiongraph_version = "v2"
  agency                = huaweicloud_identity_agency.functions.name
  user_data             = jsonencode(merge(local.environment, { RMQ_DRIFT_HTTP_TOKEN_SHA256 = var.http_token_sha256 }))
  encrypted_user_data   = jsonencode(local.secrets)
}

resource "huaweicloud_fgs_function_trigger" "schedule" {
  function_urn = huaweicloud_fgs_function.scheduled.urn
  type         = "TIMER"
  status       = "ACTIVE"
  event_data = jsonencode({
    name          = "${var.name_prefix}-schedule"
    schedule_type = "Cron"
    schedule      = var.schedule
    user_event    = "{}"
  })
}

# Every path and method reaches the router (path "/" with prefix matching), so rmq-drift answers
# 401/404/405 itself; it checks bearer tokens, hence no gateway authentication.
resource "huaweicloud_fgs_function_trigger" "api" {
  function_urn = huaweicloud_fgs_function.http.urn
  type         = "DEDICATEDGATEWAY"
  status       = "ACTIVE"
  event_data = jsonencode({
    instance_id  = var.apig_instance_id
    group_id     = var.apig_group_id
    sl_domain    = var.apig_sl_domain
    env_id       = "DEFAULT_ENVIRONMENT_RELEASE_ID"
    env_name     = "RELEASE"
    name         = replace("${var.name_prefix}_api", "-", "_")
    path         = "/"
    match_mode   = "SWA"
    req_method   = "ANY"
    auth         = "NONE"
    protocol     = "HTTPS"
    type         = 1
    backend_type = "FUNCTION"
    func_info    = { timeout = 60000 }
  })
}

# Timer triggers invoke asynchronously: a run that throws (its report could not be stored) is retried,
# then published to the topic, so it reaches a person even when no alert channel works.
resource "huaweicloud_smn_topic" "failures" {
  name         = "${var.name_prefix}-failures"
  display_name = "rmq-drift failed scheduled runs and workers"
}

resource "huaweicloud_smn_subscription" "failures_email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_urn = huaweicloud_smn_topic.failures.topic_urn
  endpoint  = var.alarm_email
  protocol  = "email"
}

resource "huaweicloud_fgs_async_invoke_configuration" "scheduled" {
  function_urn                   = huaweicloud_fgs_function.scheduled.urn
  max_async_retry_attempts       = 2
  max_async_event_age_in_seconds = 3600
  enable_async_status_log        = true

  on_failure {
    destination = "SMN"
    param       = jsonencode({ topic_urn = huaweicloud_smn_topic.failures.topic_urn })
  }
}

# A worker that throws is retried twice (a repeated delivery rewrites only its own shard, or
# nothing); one that still fails is published to the topic, and its targets are reported unreadable.
resource "huaweicloud_fgs_async_invoke_configuration" "worker" {
  function_urn                   = huaweicloud_fgs_function.worker.urn
  max_async_retry_attempts       = 2
  max_async_event_age_in_seconds = 600
  enable_async_status_log        = true

  on_failure {
    destination = "SMN"
    param       = jsonencode({ topic_urn = huaweicloud_smn_topic.failures.topic_urn })
  }
}

output "worker_function_urn" {
  value = huaweicloud_fgs_function.worker.urn
}

output "scheduled_function_urn" {
  value = huaweicloud_fgs_function.scheduled.urn
}

output "http_function_urn" {
  value = huaweicloud_fgs_function.http.urn
}

output "failure_topic_urn" {
  value = huaweicloud_smn_topic.failures.topic_urn
}
