//! `AWS::CloudWatch::*`.

use serde::Serialize;

use crate::cfn::{Properties, Value};

/// An alarm on one metric (`MetricName`, `Statistic`/`ExtendedStatistic`, `Period`) or on
/// metric math (`Metrics`, then those are absent).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alarm {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_name: Option<String>,
    pub alarm_description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistic: Option<String>,
    /// A percentile such as `p99` (instead of `Statistic`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_statistic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<MetricDataQuery>,
    pub evaluation_periods: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<i64>,
    pub threshold: f64,
    pub comparison_operator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treat_missing_data: Option<&'static str>,
    pub alarm_actions: Vec<Value>,
    #[serde(rename = "OKActions", skip_serializing_if = "Vec::is_empty")]
    pub ok_actions: Vec<Value>,
}

impl Properties for Alarm {
    const TYPE: &'static str = "AWS::CloudWatch::Alarm";
}

impl Alarm {
    /// An alarm on one metric with a plain statistic; the other fields empty.
    pub fn simple(
        description: String,
        (namespace, metric_name): (&str, &str),
        dimensions: Vec<Dimension>,
        (statistic, period): (&str, i64),
        (threshold, comparison, periods): (f64, &str, i64),
        actions: Vec<Value>,
    ) -> Self {
        Self {
            alarm_name: None,
            alarm_description: description,
            namespace: Some(namespace.to_owned()),
            metric_name: Some(metric_name.to_owned()),
            dimensions,
            statistic: Some(statistic.to_owned()),
            extended_statistic: None,
            period: Some(period),
            metrics: Vec::new(),
            evaluation_periods: periods,
            datapoints_to_alarm: None,
            threshold,
            comparison_operator: comparison.to_owned(),
            treat_missing_data: None,
            alarm_actions: actions,
            ok_actions: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    pub name: String,
    pub value: Value,
}

/// One query of a metric-math alarm: a metric (`MetricStat`) or an expression over others.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDataQuery {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<MetricStat>,
    pub return_data: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricStat {
    pub metric: Metric,
    pub period: i64,
    pub stat: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Metric {
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<Dimension>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dashboard {
    pub dashboard_name: String,
    /// The body JSON as a string (an `Fn::Sub` where it names the region or resources).
    pub dashboard_body: Value,
}

impl Properties for Dashboard {
    const TYPE: &'static str = "AWS::CloudWatch::Dashboard";
}

/// A dashboard's body, serialised to the JSON text of `DashboardBody` (CloudWatch's dashboard
/// body structure: `widgets`, each placed on a 24-column grid).
#[derive(Debug, Clone, Serialize)]
pub struct DashboardBody {
    pub widgets: Vec<Widget>,
}

/// A metric widget at `x`, `y` (grid units), `width` × `height`.
#[derive(Debug, Clone, Serialize)]
pub struct Widget {
    #[serde(rename = "type")]
    pub widget_type: &'static str,
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
    pub properties: WidgetProperties,
}

#[derive(Debug, Clone, Serialize)]
pub struct WidgetProperties {
    pub title: String,
    pub region: &'static str,
    pub view: &'static str,
    pub stat: &'static str,
    pub period: u32,
    pub metrics: Vec<MetricRow>,
}

/// One line of a metric widget, written as CloudWatch's array form.
#[derive(Debug, Clone)]
pub enum MetricRow {
    /// `[{"expression": …, "id": …}]`: a metric math or `SEARCH` expression.
    Expression(MetricExpression),
    /// `[namespace, metric, dimension, value, …, {"label": …}]`.
    Metric {
        namespace: &'static str,
        name: &'static str,
        dimensions: Vec<(&'static str, String)>,
        label: &'static str,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricExpression {
    pub expression: String,
    pub id: String,
}

/// The rendering options closing a metric line.
#[derive(Serialize)]
struct LineOptions<'a> {
    label: &'a str,
}

impl Serialize for MetricRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self {
            Self::Expression(expression) => [expression].serialize(s),
            Self::Metric {
                namespace,
                name,
                dimensions,
                label,
            } => {
                let mut seq = s.serialize_seq(Some(3 + 2 * dimensions.len()))?;
                seq.serialize_element(namespace)?;
                seq.serialize_element(name)?;
                for (dimension, value) in dimensions {
                    seq.serialize_element(dimension)?;
                    seq.serialize_element(value)?;
                }
                seq.serialize_element(&LineOptions { label })?;
                seq.end()
            }
        }
    }
}
