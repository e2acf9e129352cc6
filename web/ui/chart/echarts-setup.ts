import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the app draws with, registered once. Imported from 'echarts/core' piece by piece
 * (not 'echarts', about 1 MB), and only by Chart.tsx's dynamic import: pages without charts never load it.
 * The SVG renderer is the one the server uses to put the same charts into PDFs.
 */
echarts.use([LineChart, BarChart, MapChart, GridComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export { echarts };
