import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';
import { ActionsService } from './actions';
import { GatewayActionsController } from './actions.controller';
import { GatewayApiController } from './api.controller';
import { gatewayConsumers } from './consumers';
import { FreshnessService } from './freshness';
import { ForwardingService } from './forwarding';
import { GATEWAY_CONFIG, loadGatewayConfig } from './gateway.config';
import { GatewayReadModels1766000000000, GatewayStaffDirectory1766000000002, GatewayStaffReads1766000000001 } from './migrations';
import { StaffDirectory } from './staff-directory';
import { GatewayQueries } from './queries';
import { ConsoleController } from './console/console.controller';
import { ConsoleWiring } from './console/wiring';

/**
 * The internal gateway (port 3000): the one entry point for bureau officers, complaint desks and
 * the HQ auditor. Its read models are projected from every context's integration events through
 * the inbox; staff actions are forwarded to their owners.
 */
@Module({})
export class GatewayServiceModule {
  static register(infra: Infrastructure, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadGatewayConfig(infra.config, env);
    return {
      module: GatewayServiceModule,
      imports: [
        PlatformModule.forService(
          {
            service: 'gateway',
            migrations: [GatewayReadModels1766000000000, GatewayStaffReads1766000000001, GatewayStaffDirectory1766000000002],
            consumers: gatewayConsumers({ decisionDays: config.decisionDays }),
          },
          infra,
        ),
      ],
      controllers: [ConsoleController, GatewayApiController, GatewayActionsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        ConsoleWiring,
        FreshnessService,
        ForwardingService,
        GatewayQueries,
        ActionsService,
        StaffDirectory,
      ],
    };
  }
}
