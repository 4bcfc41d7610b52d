/**
 * The HTTP-based message providers and their callback path, for the notification module to wire:
 * `HttpSmsProvider` (name `http`, SMS), `WechatTemplateProvider` (name `wechat`), and the controller answering
 * `yc.rpc.notification.provider-callback.v1` (needs `MESSAGE_PROVIDERS` and `ReceiptRecorder` provided).
 */
export { HttpSmsProvider, HTTP_SMS_CALLBACK_SKEW_S, type HttpSmsSettings } from './http/http-sms-provider.js';
export { WechatTemplateProvider, WECHAT_PUSH_SKEW_S, type WechatSettings } from './wechat/wechat-template-provider.js';
export { ProviderCallbacksController } from './callbacks.nats.js';
