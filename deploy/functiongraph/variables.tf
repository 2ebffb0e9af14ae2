# Inputs of the FunctionGraph deployment. Secrets (alert URLs, Alibaba keys) go to
# encrypted_user_data; nothing here needs a long-lived Huawei key (the agency's keys arrive per call).

variable "region" {
  description = "Region of the functions, the OBS bucket and the audited DMS instances' project."
  type        = string
  default     = "cn-north-4"
}

variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "rmq-drift"
}

variable "runtime" {
  description = "FunctionGraph Node.js runtime, 22 or newer (Node.js20.15 is below rmq-drift's floor of 20.18)."
  type        = string
  default     = "Node.js22.18"
  validation {
    condition     = can(regex("^Node\\.js(2[2-9]|[3-9][0-9])\\.[0-9]+$", var.runtime))
    error_message = "runtime must be a FunctionGraph Node.js runtime of version 22 or newer, e.g. Node.js22.18."
  }
}

variable "reports_bucket" {
  description = "OBS bucket for reports (and, by default, the baseline)."
  type        = string
}

variable "reports_prefix" {
  description = "Key prefix for runs and latest.json."
  type        = string
  default     = "rmq-drift"
}

variable "baseline_bucket" {
  description = "OBS bucket holding the baseline; empty: reports_bucket."
  type        = string
  default     = ""
}

variable "baseline_key" {
  description = "The baseline YAML object."
  type        = string
  default     = "config/baseline.yaml"
}

variable "schedule" {
  description = "Timer trigger cron: six fields (second minute hour day month weekday), region time zone unless CRON_TZ= is given."
  type        = string
  default     = "CRON_TZ=Asia/Shanghai 0 0 3 * * *"
}

variable "http_token_sha256" {
  description = "Comma-separated SHA-256 digests of accepted bearer tokens; empty: HTTP refuses all but /healthz."
  type        = string
  default     = ""
}

variable "alert_min_severity" {
  description = "Lowest severity that alerts."
  type        = string
  default     = "high"
}

variable "alerts" {
  description = "RMQ_DRIFT_ALERTS: comma-separated channels (their URLs hold tokens)."
  type        = string
  default     = ""
  sensitive   = true
}

variable "alibaba_access_key_id" {
  description = "Only when auditing Alibaba Cloud from FunctionGraph: a RAM user's AccessKey ID."
  type        = string
  default     = ""
  sensitive   = true
}

variable "alibaba_access_key_secret" {
  description = "Only when auditing Alibaba Cloud from FunctionGraph: that AccessKey's secret."
  type        = string
  default     = ""
  sensitive   = true
}

variable "apig_instance_id" {
  description = "Dedicated API Gateway instance that fronts the HTTP function."
  type        = string
}

variable "apig_group_id" {
  description = "API group on that gateway."
  type        = string
}

variable "apig_sl_domain" {
  description = "The group's debugging domain shown in the APIG console (<group id>.apic.<region>.huaweicloudapis.com)."
  type        = string
}

variable "alarm_email" {
  description = "Who hears about a scheduled run that failed after its retries (must confirm the SMN subscription); empty: subscribe to the topic yourself."
  type        = string
  default     = ""
}

variable "fanout" {
  description = "functiongraph: scheduled runs above 50 targets are collected by the worker in shards; empty: one function audits everything"
  type        = string
  default     = "functiongraph"
  validation {
    condition     = contains(["", "functiongraph"], var.fanout)
    error_message = "fanout is \"functiongraph\" or empty."
  }
}
