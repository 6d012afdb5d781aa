// 办理统计's pieces that are not the screen: the preset periods, how rates are written and
// marked, and the chart's options (ECharts, registered here once).
import { use, type ComposeOption } from 'echarts/core'
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import type { FigureRow } from '@/bindings'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])
type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>

type T = (key: string) => string
/** A line of the table: a figures row with its group's name. */
type Line = FigureRow & { name: string }
export type Rank = 'total' | 'done_rate'
const TOP = 15
const FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif"
const RED = '#e23c39'

const pad = (n: number) => String(n).padStart(2, '0')
export const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
export const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s)

/** The registration dates a preset period covers, in local time; null for 全部. */
export function presetSpan(p: string, now = new Date()): [string, string] | null {
  const y = now.getFullYear()
  const m = now.getMonth()
  const q = Math.floor(m / 3) * 3
  switch (p) {
    case 'year':
      return [ymd(new Date(y, 0, 1)), ymd(new Date(y, 11, 31))]
    case 'quarter':
      return [ymd(new Date(y, q, 1)), ymd(new Date(y, q + 3, 0))]
    case 'month':
      return [ymd(new Date(y, m, 1)), ymd(new Date(y, m + 1, 0))]
    case 'lastMonth':
      return [ymd(new Date(y, m - 1, 1)), ymd(new Date(y, m, 0))]
    default:
      return null
  }
}

const NONE = '—'
export const pct = (v: number | null | undefined) => (v == null ? NONE : `${v.toFixed(1)}%`)
export const dec = (v: number | null | undefined) => (v == null ? NONE : v.toFixed(1))

export type RateKey = 'done_rate' | 'on_time_rate' | 'satisfaction_rate'
/** Below these a rate is shown in red: what a leader's eye should stop at. */
const LOW: Record<RateKey, number> = { done_rate: 60, on_time_rate: 60, satisfaction_rate: 80 }
export const isLow = (key: RateKey, v: number | null) => v != null && v < LOW[key]

export function timeOption(rows: Line[], t: T): ChartOption {
  return {
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 44, right: 56, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.name) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: t('figures.col.total'), type: 'bar', barMaxWidth: 24, data: rows.map((r) => r.total) },
      { name: t('figures.col.done'), type: 'bar', barMaxWidth: 24, data: rows.map((r) => r.done) },
      {
        name: t('figures.col.doneRate'),
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        data: rows.map((r) => r.done_rate),
        tooltip: { valueFormatter: (v) => pct(typeof v === 'number' ? v : null) },
      },
    ],
  }
}

export function rankOption(rows: Line[], rank: Rank, t: T): ChartOption {
  const ranked = rows
    .filter((r) => r[rank] != null)
    .sort((a, b) => (b[rank] ?? 0) - (a[rank] ?? 0))
    .slice(0, TOP)
  const rate = rank === 'done_rate'
  return {
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 56, top: 32, bottom: 8 },
    xAxis: { type: 'value', max: rate ? 100 : undefined, minInterval: rate ? undefined : 1 },
    yAxis: { type: 'category', inverse: true, data: ranked.map((r) => r.name), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [
      {
        name: t(rate ? 'figures.col.doneRate' : 'figures.col.total'),
        type: 'bar',
        barMaxWidth: 16,
        data: ranked.map((r) => ({
          value: r[rank] ?? 0,
          itemStyle: rate && isLow('done_rate', r.done_rate) ? { color: RED } : undefined,
        })),
        label: { show: true, position: 'right', formatter: (p) => (rate ? pct(p.value as number) : String(p.value)) },
        tooltip: { valueFormatter: (v) => (rate ? pct(typeof v === 'number' ? v : null) : String(v)) },
      },
    ],
  }
}

